/**
 * The controller's HTTP server: fastify 5 with the /api/ routes, socket.io on the same port, and
 * the built showroom. Listens on 127.0.0.1 unless told otherwise: local-only by default
 * (ARCHITECTURE.md §6; another interface requires an admin account, auth/listen-policy.ts).
 * Every /api route declares its roles and one guard checks them (auth/route-guard.ts).
 *
 * Any error escaping a route (a body that is not JSON, a body too large) becomes an ApiResult
 * error with a 4xx status; only Phare's own bugs answer 500.
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { Logger } from '@phare/device-drivers/contract.ts';
import type { EventBus } from '../bus/event-bus.ts';
import type { AuthContext } from '../auth/request-actor.ts';
import { installRouteGuard, type DeclaredRoute } from '../auth/route-guard.ts';
import { registerSessionRoutes } from '../auth/session-routes.ts';
import { registerBuildingRoutes } from './building-routes.ts';
import { registerImpactRoutes, type ImpactRouteContext } from './impact-routes.ts';
import { registerInteropRoutes, type InteropRouteContext } from './interop-routes.ts';
import { registerAuditExport } from './audit-export.ts';
import { attachLiveSocket, type LiveSocket } from './live-socket.ts';
import { registerLearnRoutes, type LearnRouteContext } from './learn-routes.ts';
import { registerRoutes, sendError, type RouteContext } from './routes.ts';
import { registerScenarioRoutes, type ScenarioRouteContext } from './scenario-routes.ts';
import { registerStaticUi } from './static-ui.ts';

export interface ApiServerOptions
  extends RouteContext, ScenarioRouteContext, InteropRouteContext, LearnRouteContext, ImpactRouteContext {
  bus: EventBus;
  logger: Logger;
  /** showroom-ui/dist */
  uiDistDir: string;
  host: string;
  /** 0 picks an ephemeral port. */
  port: number;
  batchMs?: number;
  /** Accounts and sessions: every /api route and socket event is checked against them. */
  auth: AuthContext;
}

export interface ApiServer {
  app: FastifyInstance;
  live: LiveSocket;
  /** Every /api route with the roles it allows (auth/route-guard.ts). */
  routes: readonly DeclaredRoute[];
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const logger = options.logger;
  const app = Fastify({
    logger: false,
    bodyLimit: 1024 * 1024,
    // Errors the router raises before any route (an id longer than 100 characters, a broken %-escape)
    // would otherwise answer fastify's own body, not an ApiResult (fuzz test, issue 9).
    frameworkErrors: (error, req, reply) => {
      if (error.code === 'FST_ERR_MAX_PARAM_LENGTH')
        void sendError(reply, { code: 'NOT_FOUND', message: `No route ${req.method} with an id that long` });
      else void sendError(reply, { code: 'BAD_REQUEST', message: error.message });
    },
    clientErrorHandler: answerClientError,
  });

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

  // Before any route: the guard refuses to register an /api route that declares no roles.
  const routes = installRouteGuard(app, options.auth);
  registerSessionRoutes(app, options.auth);
  registerRoutes(app, options);
  registerAuditExport(app, options);
  registerImpactRoutes(app, options);
  registerBuildingRoutes(app, options);
  registerScenarioRoutes(app, options);
  registerLearnRoutes(app, options);
  registerInteropRoutes(app, options);
  await registerStaticUi(app, options.uiDistDir);
  const live = attachLiveSocket(app.server, {
    bus: options.bus,
    registry: options.registry,
    auth: options.auth,
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
    routes,
    port,
    url: `http://${shownHost}:${port}`,
    close: async () => {
      live.close();
      await app.close();
    },
  };
}

/**
 * Requests Node's HTTP parser refuses before fastify sees them (headers or URL over 16 kB, a
 * malformed request line): answered with an ApiResult too, as fastify's default handler does
 * with its own body. Nothing to answer on a reset socket.
 */
function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'BAD_REQUEST', 'Request headers or URL too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'BAD_REQUEST', 'Request not received in time']
        : [400, 'BAD_REQUEST', 'Malformed HTTP request'];
  const body = JSON.stringify({ ok: false, error: { code, message } });
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  socket.destroy(error);
}
