/**
 * The learning space's routes (issue 7 part 3); payloads in curriculum/learn-wire.ts, behaviour in
 * curriculum/learning-space.ts.
 *
 *   GET    /api/learn/modules                              modules with the caller's progress
 *   GET    /api/learn/modules/:id                          lesson as safe HTML, exercises, reservation
 *   GET    /api/learn/modules/:id/exercises/:ex/hints/:n   one hint (n from 1), revealed one by one
 *   POST   /api/learn/modules/:id/exercises/:ex/check      checks now against the live lab, records it
 *   POST   /api/learn/modules/:id/writes                   module points, signed by the apprentice
 *   GET    /api/learn/modules/:id/reservation?exercise=    who holds the module's devices
 *   POST   /api/learn/modules/:id/reservation {exercise?, ttlMin?}   409 names who holds them
 *   DELETE /api/learn/modules/:id/reservation              releases the caller's devices
 *   GET    /api/learn/class                                staff: every apprentice's progress
 *   POST   /api/learn/modules/:id/reset                    staff: the module's starting state
 *
 * The apprentice is the signed-in account; without accounts (local bench: anonymous is admin
 * `local`), the name the showroom sends in the x-phare-apprentice header (URI-encoded).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Forbidden, NotSupported, PhareError } from '@phare/device-drivers/errors.ts';
import type { Actor } from '../auth/roles.ts';
import { SIGNED_IN, STAFF } from '../auth/roles.ts';
import { APPRENTICE_HEADER } from '../curriculum/learn-wire.ts';
import { UnknownModule, type LearningSpace } from '../curriculum/learning-space.ts';
import { WriteRefused } from '../registry/write-path.ts';
import { sendError, sendOk } from './routes.ts';

export interface LearnRouteContext {
  /** Absent (a controller without the curriculum): every module is unknown. */
  learn?: LearningSpace;
}

/** Letters (any script), digits, space, dot, dash, underscore: a first name or a login. */
const NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,39}$/u;
const MAX_TTL_MIN = 240;

type ModuleParams = { Params: { id: string } };
type ExerciseParams = { Params: { id: string; ex: string } };

export function registerLearnRoutes(app: FastifyInstance, ctx: LearnRouteContext): void {
  const noCurriculum = (reply: FastifyReply): FastifyReply =>
    sendError(reply, { code: 'NOT_FOUND', message: 'This controller has no curriculum' });

  app.get('/api/learn/modules', { config: { allow: SIGNED_IN } }, (req, reply) => {
    if (!ctx.learn) return sendOk(reply, []);
    return sendOk(reply, ctx.learn.list(apprenticeOf(req)));
  });

  app.get<ModuleParams>('/api/learn/modules/:id', { config: { allow: SIGNED_IN } }, (req, reply) =>
    answer(reply, () => ctx.learn?.detail(req.params.id, apprenticeOf(req))),
  );

  app.get<{ Params: { id: string; ex: string; n: string } }>(
    '/api/learn/modules/:id/exercises/:ex/hints/:n',
    { config: { allow: SIGNED_IN } },
    (req, reply) => {
      const n = Number(req.params.n);
      if (!Number.isInteger(n) || n < 1)
        return sendError(reply, { code: 'BAD_REQUEST', message: 'n must be an integer from 1' });
      return answer(reply, () => ctx.learn?.hint(req.params.id, req.params.ex, n));
    },
  );

  app.post<ExerciseParams>(
    '/api/learn/modules/:id/exercises/:ex/check',
    { config: { allow: SIGNED_IN } },
    async (req, reply) => {
      const apprentice = requireApprentice(req, reply);
      if (apprentice === null) return reply;
      if (!ctx.learn) return noCurriculum(reply);
      const learn = ctx.learn;
      return answer(reply, () => learn.check(req.params.id, req.params.ex, apprentice));
    },
  );

  app.post<ModuleParams & { Body: unknown }>(
    '/api/learn/modules/:id/writes',
    { config: { allow: SIGNED_IN } },
    async (req, reply) => {
      const apprentice = requireApprentice(req, reply);
      if (apprentice === null) return reply;
      const body = req.body;
      if (
        !Array.isArray(body) ||
        body.length === 0 ||
        !body.every((w) => isObject(w) && typeof w.point === 'string' && 'value' in w)
      )
        return sendError(reply, {
          code: 'BAD_REQUEST',
          message: 'Body must be a non-empty JSON array of { "point": "<device>.<point>", "value": … }',
        });
      if (!ctx.learn) return noCurriculum(reply);
      const learn = ctx.learn;
      const requests = (body as { point: string; value: unknown }[]).map((w) => ({
        point: w.point,
        value: w.value,
      }));
      // The caller's role and account, audited under the apprentice's name (learning-space.ts).
      const actor = actorOf(req);
      const who = `ui:${apprentice}`;
      return answer(reply, () =>
        learn.write(req.params.id, requests, apprentice, actor ? { ...actor, who } : who),
      );
    },
  );

  app.get<ModuleParams & { Querystring: { exercise?: string } }>(
    '/api/learn/modules/:id/reservation',
    { config: { allow: SIGNED_IN } },
    (req, reply) =>
      answer(reply, () =>
        ctx.learn?.reservation(req.params.id, apprenticeOf(req), req.query.exercise || undefined),
      ),
  );

  app.post<ModuleParams & { Body: unknown }>(
    '/api/learn/modules/:id/reservation',
    { config: { allow: SIGNED_IN } },
    (req, reply) => {
      const apprentice = requireApprentice(req, reply);
      if (apprentice === null) return reply;
      const body = req.body ?? {};
      if (!isObject(body))
        return sendError(reply, {
          code: 'BAD_REQUEST',
          message: 'Body must be { "exercise"?: id, "ttlMin"?: n }',
        });
      const { exercise, ttlMin } = body;
      if (exercise !== undefined && typeof exercise !== 'string')
        return sendError(reply, { code: 'BAD_REQUEST', message: 'exercise must be an exercise id' });
      if (ttlMin !== undefined && !(typeof ttlMin === 'number' && ttlMin > 0 && ttlMin <= MAX_TTL_MIN))
        return sendError(reply, {
          code: 'BAD_REQUEST',
          message: `ttlMin must be a number of minutes above 0, at most ${MAX_TTL_MIN}`,
        });
      return answer(reply, () =>
        ctx.learn?.reserve(req.params.id, apprentice, {
          ...(exercise !== undefined ? { exercise } : {}),
          ...(ttlMin !== undefined ? { ttlMs: ttlMin * 60_000 } : {}),
        }),
      );
    },
  );

  app.delete<ModuleParams>(
    '/api/learn/modules/:id/reservation',
    { config: { allow: SIGNED_IN } },
    (req, reply) => {
      const apprentice = requireApprentice(req, reply);
      if (apprentice === null) return reply;
      return answer(reply, () => ctx.learn?.release(req.params.id, apprentice));
    },
  );

  app.get('/api/learn/class', { config: { allow: STAFF } }, (_req, reply) => {
    if (!ctx.learn) return sendOk(reply, { modules: [], apprentices: [] });
    return sendOk(reply, ctx.learn.classView());
  });

  app.post<ModuleParams>('/api/learn/modules/:id/reset', { config: { allow: STAFF } }, (req, reply) => {
    const trainer = actorOf(req)?.user ?? apprenticeOf(req) ?? 'local';
    if (!ctx.learn) return noCurriculum(reply);
    const learn = ctx.learn;
    return answer(reply, () => learn.reset(req.params.id, trainer));
  });
}

/** Runs the learning-space call and maps its errors; undefined means no curriculum here. */
async function answer<T>(reply: FastifyReply, call: () => T | Promise<T> | undefined): Promise<FastifyReply> {
  try {
    const data = await call();
    if (data === undefined)
      return sendError(reply, { code: 'NOT_FOUND', message: 'This controller has no curriculum' });
    return sendOk(reply, data);
  } catch (error) {
    if (error instanceof UnknownModule || error instanceof RangeError)
      return sendError(reply, { code: 'NOT_FOUND', message: error.message });
    // A device held by someone else: a conflict to settle between people, not a permission.
    if (error instanceof Forbidden)
      return sendError(reply, {
        code: 'CONFLICT',
        message: error.message,
        ...(error.device ? { device: error.device } : {}),
      });
    if (error instanceof NotSupported)
      return sendError(reply, { code: 'NOT_SUPPORTED', message: error.message });
    const phare =
      error instanceof WriteRefused ? error.error : error instanceof PhareError ? error : undefined;
    if (phare)
      return sendError(reply, {
        code: phare.code,
        message: phare.message,
        ...(phare.device ? { device: phare.device } : {}),
        ...(phare.point ? { point: phare.point } : {}),
      });
    throw error;
  }
}

/** Set by the auth hook (auth/roles.ts); absent on a controller built without it. */
function actorOf(req: FastifyRequest): Actor | undefined {
  return (req as { actor?: Actor }).actor;
}

/** The signed-in account, else (local bench) the name the showroom sends; null when neither. */
function apprenticeOf(req: FastifyRequest): string | null {
  const user = actorOf(req)?.user;
  if (user) return user;
  const header = req.headers[APPRENTICE_HEADER];
  if (typeof header !== 'string' || header === '') return null;
  let name: string;
  try {
    name = decodeURIComponent(header).trim();
  } catch {
    return null;
  }
  return NAME.test(name) ? name : null;
}

function requireApprentice(req: FastifyRequest, reply: FastifyReply): string | null {
  const apprentice = apprenticeOf(req);
  if (apprentice === null)
    void sendError(reply, {
      code: 'BAD_REQUEST',
      message:
        `Who is the apprentice? Sign in, or (local bench) send the name in the ${APPRENTICE_HEADER} ` +
        'header: letters, digits, space, . _ -, at most 40 characters',
    });
  return apprentice;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
