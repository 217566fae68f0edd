/**
 * HTTP routes under /api/. Every answer is an ApiResult envelope (wire.ts): `{ ok: true, data }`
 * or `{ ok: false, error: { code, message, device?, point? } }`, with the HTTP status from
 * http-status.ts. Request bodies are checked here; values are checked by the write path.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PhareError } from '@phare/device-drivers/errors.ts';
import type { Registry } from '../registry/registry.ts';
import { WriteRefused, type WritePath } from '../registry/write-path.ts';
import type { AlarmLog } from '../alarms/alarm-log.ts';
import { EVERYONE, STAFF, type Actor, type Role } from '../auth/roles.ts';
import type { AuditStore, HistoryStore } from '../storage/audit-store.ts';
import { auditMatches } from './audit-export.ts';
import { httpStatusFor } from './http-status.ts';
import { siteGeoJson } from './site-geojson.ts';
import type { ApiErrorBody, ApiResult, AuditQuery, DeviceDetail } from './wire.ts';

export interface RouteContext {
  registry: Registry;
  writePath: WritePath;
  audit: AuditStore;
  /** Absent when the data folder is unusable: history answers 503. */
  history?: HistoryStore;
  /** Active and recent alarms; absent: GET /api/alarms answers none. */
  alarms?: AlarmLog;
}

export function sendOk<T>(reply: FastifyReply, data: T, status = 200): FastifyReply {
  const body: ApiResult<T> = { ok: true, data };
  return reply.code(status).send(body);
}

export function sendError(reply: FastifyReply, error: ApiErrorBody): FastifyReply {
  const body: ApiResult<never> = { ok: false, error };
  return reply.code(httpStatusFor(error.code)).send(body);
}

function errorBody(error: PhareError): ApiErrorBody {
  return {
    code: error.code,
    message: error.message,
    ...(error.device ? { device: error.device } : {}),
    ...(error.point ? { point: error.point } : {}),
  };
}

const HOUR_MS = 3_600_000;
/**
 * Who may call the write routes. Apprentices too: the write path (registry/write-permission.ts)
 * lets them write only the devices their trainer reserved for them, and audits every refusal.
 */
const WRITERS: readonly Role[] = [...STAFF, 'apprentice'];
/** How many recent audit entries a filtered query looks through. */
const AUDIT_SCAN = 10_000;

export function registerRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { registry, writePath } = ctx;

  app.get('/api/site', { config: { allow: EVERYONE } }, (_req, reply) => sendOk(reply, registry.siteView));
  app.get('/api/devices', { config: { allow: EVERYONE } }, (_req, reply) => sendOk(reply, registry.health()));
  app.get('/api/points', { config: { allow: EVERYONE } }, (_req, reply) =>
    sendOk(reply, registry.snapshots()),
  );
  app.get('/api/alarms', { config: { allow: EVERYONE } }, (_req, reply) =>
    sendOk(reply, ctx.alarms?.view() ?? { active: [], recent: [] }),
  );

  app.get<{ Params: { id: string } }>('/api/devices/:id', { config: { allow: EVERYONE } }, (req, reply) => {
    const health = registry.healthOf(req.params.id);
    if (!health) {
      return sendError(reply, {
        code: 'NOT_FOUND',
        message: `No device ${req.params.id} on this site`,
        device: req.params.id,
      });
    }
    const detail: DeviceDetail = {
      health,
      view: registry.siteView.devices.find((d) => d.id === req.params.id) ?? null,
      points: registry.snapshots().filter((p) => p.meta.device === req.params.id),
    };
    return sendOk(reply, detail);
  });

  // Not an ApiResult envelope: a GIS opens this file as is (RFC 7946, media type application/geo+json).
  app.get('/api/site.geojson', { config: { allow: EVERYONE } }, (_req, reply) =>
    reply
      .type('application/geo+json')
      .header('content-disposition', `attachment; filename="${registry.siteView.id}.geojson"`)
      .send(siteGeoJson(registry.siteView, registry.snapshots())),
  );

  app.get<{ Params: { id: string } }>('/api/points/:id', { config: { allow: EVERYONE } }, (req, reply) => {
    const snapshot = registry.snapshot(req.params.id);
    if (!snapshot) return unknownPoint(reply, req.params.id);
    return sendOk(reply, snapshot);
  });

  app.post<{ Params: { id: string }; Body: unknown }>(
    '/api/points/:id',
    { config: { allow: WRITERS } },
    async (req, reply) => {
      const body = req.body;
      if (!isObject(body) || !('value' in body)) {
        return sendError(reply, {
          code: 'BAD_REQUEST',
          message: 'Body must be a JSON object { "value": … }',
        });
      }
      try {
        return sendOk(reply, await writePath.write(req.params.id, body.value, writerOf(req)));
      } catch (error) {
        return sendWriteError(reply, error);
      }
    },
  );

  app.post<{ Body: unknown }>('/api/writes', { config: { allow: WRITERS } }, async (req, reply) => {
    const body = req.body;
    if (
      !Array.isArray(body) ||
      body.length === 0 ||
      !body.every((w) => isObject(w) && typeof w.point === 'string' && 'value' in w)
    ) {
      return sendError(reply, {
        code: 'BAD_REQUEST',
        message: 'Body must be a non-empty JSON array of { "point": "<device>.<point>", "value": … }',
      });
    }
    const requests = (body as { point: string; value: unknown }[]).map((w) => ({
      point: w.point,
      value: w.value,
    }));
    try {
      return sendOk(reply, await writePath.writeMany(requests, writerOf(req)));
    } catch (error) {
      return sendWriteError(reply, error);
    }
  });

  app.get<{ Params: { id: string }; Querystring: { from?: string; to?: string; limit?: string } }>(
    '/api/points/:id/history',
    { config: { allow: EVERYONE } },
    (req, reply) => {
      if (!registry.meta(req.params.id)) return unknownPoint(reply, req.params.id);
      if (!ctx.history) {
        return sendError(reply, {
          code: 'STORAGE_UNAVAILABLE',
          message: 'History is not recorded: the data folder is unusable (see the controller log)',
        });
      }
      const now = Date.now();
      const to = parseTime(req.query.to, now);
      const from = parseTime(req.query.from, to === undefined ? undefined : to - HOUR_MS);
      const limit = parseLimit(req.query.limit, 10_000, 100_000);
      if (from === undefined || to === undefined || limit === undefined) {
        return sendError(reply, {
          code: 'BAD_REQUEST',
          message: 'from and to must be ms since epoch or ISO 8601 dates; limit a positive integer',
        });
      }
      return sendOk(reply, ctx.history.history(req.params.id, from, to, limit));
    },
  );

  app.get<{ Querystring: Record<keyof AuditQuery, string | undefined> }>(
    '/api/audit',
    { config: { allow: STAFF } },
    (req, reply) => {
      const limit = parseLimit(req.query.limit, 100, AUDIT_SCAN);
      const { point, who, result } = req.query;
      if (limit === undefined)
        return sendError(reply, { code: 'BAD_REQUEST', message: 'limit must be a positive integer' });
      if (result !== undefined && result !== '' && result !== 'ok' && result !== 'refused')
        return sendError(reply, { code: 'BAD_REQUEST', message: 'result must be ok or refused' });
      if (!point && !who && !result) return sendOk(reply, ctx.audit.recent(limit));
      // The store answers "newest N"; filters apply to the newest AUDIT_SCAN entries.
      const filter = { point, who, result };
      return sendOk(
        reply,
        ctx.audit
          .recent(AUDIT_SCAN)
          .filter((entry) => auditMatches(entry, filter))
          .slice(0, limit),
      );
    },
  );
}

/** Who writes: the request's actor (auth hook); a server without it audits the client address. */
function writerOf(req: FastifyRequest): Actor | string {
  return (req.actor as Actor | null | undefined) ?? `api:${req.ip}`;
}

function sendWriteError(reply: FastifyReply, error: unknown): FastifyReply {
  // A rate-limited write (write-rate.ts) is 429 with Retry-After, so a client knows to slow down.
  const retryAfterMs = error instanceof WriteRefused ? error.error.detail?.['retryAfterMs'] : undefined;
  if (typeof retryAfterMs === 'number') {
    reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
    return sendError(reply, { ...errorBody((error as WriteRefused).error), code: 'TOO_MANY_REQUESTS' });
  }
  if (error instanceof WriteRefused) return sendError(reply, errorBody(error.error));
  if (error instanceof PhareError) return sendError(reply, errorBody(error));
  throw error;
}

function unknownPoint(reply: FastifyReply, id: string): FastifyReply {
  return sendError(reply, { code: 'UNKNOWN_POINT', message: `No point ${id} on this site`, point: id });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseTime(text: string | undefined, fallback: number | undefined): number | undefined {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (Number.isFinite(n)) return n;
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? undefined : parsed;
}

function parseLimit(text: string | undefined, fallback: number, max: number): number | undefined {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? Math.min(n, max) : undefined;
}
