/**
 * A tiny JSON-over-HTTP control server that every simulator reuses for stimuli and fault injection
 * (ARCHITECTURE.md §2, "Simulator ... driven by a control API").
 *
 * Contract:
 * - Binds to 127.0.0.1 only: a control API changes what a device reports, so it is never exposed
 *   on a network interface. Port 0 picks an ephemeral port; `url` tells which.
 * - Routes are data: method + path pattern (`/gear/:short`) + handler. A handler receives the path
 *   parameters and the parsed JSON body and returns any JSON-serialisable value (200), or throws
 *   `ControlInputError` (4xx with `{ error: { status, message } }`). Anything else thrown is a 500.
 * - Bodies are JSON objects up to 64 KiB; an empty body is `{}`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger, type Logger } from '@phare/device-drivers/contract.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ControlRequest {
  params: Record<string, string>;
  /** Parsed JSON body, `{}` when empty. */
  body: unknown;
  query: URLSearchParams;
}

export interface ControlRoute {
  method: HttpMethod;
  /** Path with `:name` segments, e.g. `/gear/:short`. */
  path: string;
  /** One line for the route listing (`GET /` answers with every route and its summary). */
  summary: string;
  handler(request: ControlRequest): unknown;
}

/** A client mistake: bad JSON, a missing field, an unknown luminaire. Answered as 4xx JSON. */
export class ControlInputError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 | 422 = 400,
  ) {
    super(message);
    this.name = 'ControlInputError';
  }
}

export interface ControlServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export interface ControlServerOptions {
  port: number;
  routes: ControlRoute[];
  /** Shown by `GET /`. */
  name: string;
  logger?: Logger;
}

const MAX_BODY_BYTES = 64 * 1024;

interface CompiledRoute {
  route: ControlRoute;
  segments: string[];
}

function matchPath(segments: string[], pathname: string): Record<string, string> | undefined {
  const parts = pathname.split('/').filter((p) => p !== '');
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const pattern = segments[i]!;
    const part = decodeURIComponent(parts[i]!);
    if (pattern.startsWith(':')) params[pattern.slice(1)] = part;
    else if (pattern !== part) return undefined;
  }
  return params;
}

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new ControlInputError(`body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ControlInputError(`body is not valid JSON: ${(error as Error).message}`);
  }
}

function send(response: ServerResponse, status: number, payload: unknown): void {
  const text = JSON.stringify(payload);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  response.end(text);
}

export async function startControlServer(options: ControlServerOptions): Promise<ControlServer> {
  const logger = options.logger ?? silentLogger;
  const compiled: CompiledRoute[] = options.routes.map((route) => ({
    route,
    segments: route.path.split('/').filter((p) => p !== ''),
  }));
  const listing = {
    name: options.name,
    routes: options.routes.map((r) => ({ method: r.method, path: r.path, summary: r.summary })),
  };

  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      try {
        if (request.method === 'GET' && url.pathname === '/') return send(response, 200, listing);
        const matching = compiled
          .map((c) => ({ c, params: matchPath(c.segments, url.pathname) }))
          .filter((m) => m.params !== undefined);
        if (matching.length === 0)
          throw new ControlInputError(`no route ${url.pathname}; GET / lists them`, 404);
        const hit = matching.find((m) => m.c.route.method === request.method);
        if (!hit) {
          const allowed = matching.map((m) => m.c.route.method).join(', ');
          return send(response, 405, {
            error: {
              status: 405,
              message: `${request.method} not allowed on ${url.pathname}; use ${allowed}`,
            },
          });
        }
        const body = request.method === 'GET' ? {} : await readJsonBody(request);
        const result = await hit.c.route.handler({ params: hit.params!, body, query: url.searchParams });
        send(response, 200, result ?? { ok: true });
      } catch (error) {
        if (error instanceof ControlInputError) {
          send(response, error.status, { error: { status: error.status, message: error.message } });
        } else {
          logger.error('control route failed', { path: url.pathname, error: String(error) });
          send(response, 500, { error: { status: 500, message: String(error) } });
        }
      }
    })();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  logger.info('control API listening', { port });
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
