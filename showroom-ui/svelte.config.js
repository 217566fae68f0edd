import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** Read by the Vite plugin and by svelte-check. TypeScript in components goes through Vite's transform. */
export default {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
};
