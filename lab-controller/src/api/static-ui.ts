/**
 * Serves the built showroom (showroom-ui/dist) with an SPA fallback: any GET outside /api/ and
 * /socket.io/ that matches no file answers index.html, so deep links like /twin work on reload.
 * Without a build, a small page says how to build it; the API works either way.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { sendError } from './routes.ts';

const NO_BUILD_PAGE = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Phare</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto">
<h1>Phare</h1>
<p>Le contrôleur tourne, mais l'interface n'est pas construite. / The controller is running, but the showroom is not built.</p>
<pre>cd showroom-ui &amp;&amp; npx vite build</pre>
<p>API: <a href="/api/site">/api/site</a>, <a href="/api/points">/api/points</a>, <a href="/api/devices">/api/devices</a></p>
</body></html>
`;

export async function registerStaticUi(app: FastifyInstance, distDir: string): Promise<void> {
  const built = existsSync(join(distDir, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, { root: distDir, wildcard: false, index: ['index.html'] });
  }
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    if (path.startsWith('/api/') || path === '/api' || req.method !== 'GET') {
      return sendError(reply, { code: 'NOT_FOUND', message: `No route ${req.method} ${path}` });
    }
    if (built) return reply.type('text/html').sendFile('index.html');
    return reply.type('text/html').send(NO_BUILD_PAGE);
  });
}
