import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Where `npm start` runs the controller; the dev server forwards API and socket.io calls to it. */
const controller = 'http://127.0.0.1:8080';

export default defineConfig({
  root,
  base: '/',
  plugins: [svelte()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    proxy: {
      '/api': { target: controller, changeOrigin: true },
      '/socket.io': { target: controller, ws: true, changeOrigin: true },
    },
  },
});
