/**
 * The controller's HTTP server: fastify 5 with the /api/ routes, socket.io on the same port, and
 * the built showroom. Listens on 127.0.0.1 unless told otherwise: local-only by default
 * (ARCHITECTURE.md §6, binding to a network interface will require accounts).
 *
 * Any error escaping a route (a body that is not JSON, a body too large) becomes an ApiResult
 * error with a 4xx status; only Phare's own bugs answer 500.
 */
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { Logger } from '@phare/device-drivers/contract.ts';
import type { EventBus } from '../bus/event-bus.ts';
import { registerImpactRoutes } from './impact-routes.ts';
import { attachLiveSocket, type LiveSocket } from './live-socket.ts';
import { registerRoutes, sendError, type RouteContext } from './routes.ts';
import { registerScenarioRoutes, type ScenarioRouteContext } from './scenario-routes.ts';
import { registerStaticUi } from './static-ui.ts';

export interface ApiServerOptions extends RouteContext, ScenarioRouteContext {
  bus: EventBus;
  logger: Logger;
  /** showroom-ui/dist */
  uiDistDir: string;
  host: string;
  /** 0 picks an ephemeral port. */
  port: number;
  batchMs?: number;
}

export interface ApiServer {
  app: FastifyInstance;
  live: LiveSocket;
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const logger = options.logger;
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });

  app.setErrorHandler((error: FastifyError, req, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return sendError(reply, { code: 'BAD_REQUEST', message: error.message });
    }
    logger.error(`${req.method} ${req.url} failed`, { error: error.message, stack: error.stack });
    return reply
      .code(500)
      .send({ ok: false, error: { code: 'INTERNAL', message: 'Internal error; see the controller log' } });
  });

  registerRoutes(app, options);
  registerImpactRoutes(app, options);
  registerScenarioRoutes(app, options);
  await registerStaticUi(app, options.uiDistDir);
  const live = attachLiveSocket(app.server, {
    bus: options.bus,
    registry: options.registry,
    ...(options.batchMs !== undefined ? { batchMs: options.batchMs } : {}),
    ...(options.alarms ? { alarms: options.alarms } : {}),
  });

  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    app,
    live,
    port,
    url: `http://${shownHost}:${port}`,
    close: async () => {
      live.close();
      await app.close();
    },
  };
}
