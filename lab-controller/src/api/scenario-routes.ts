/**
 * Scenario routes: the library, runs, abort and operator prompts (wire.ts for every payload).
 *
 *   GET  /api/scenarios                           catalogue: each showcase and whether it can run now
 *   POST /api/scenarios/:id/runs {speed?}         start → 201 { run }; 409 a device or the simulated
 *                                                 clock is in use; 422 required points offline (named)
 *   GET  /api/runs?limit                          recent runs, newest first
 *   GET  /api/runs/:id                            timeline and verdicts (live while it runs)
 *   POST /api/runs/:id/abort                      stops the steps; answers once `finally` has run
 *   POST /api/runs/:id/prompts/:stepId/confirm    the operator did what a `stimulate` prompt asked
 *
 * Live progress goes on the socket's `scenario` events (live-socket.ts).
 */
import type { FastifyInstance } from 'fastify';
import { EVERYONE, STAFF } from '../auth/roles.ts';
import { PhareError } from '@phare/device-drivers/errors.ts';
import { apiError, UnknownScenario, type ScenarioCatalogue } from '../scenario/catalogue.ts';
import { sendError, sendOk } from './routes.ts';
import type { StartRunRequestBody } from './wire.ts';

export interface ScenarioRouteContext {
  /** Absent (a controller without the engine): the routes answer 404 for every scenario. */
  scenarios?: ScenarioCatalogue;
}

const MAX_RUNS_LISTED = 200;

export function registerScenarioRoutes(app: FastifyInstance, ctx: ScenarioRouteContext): void {
  const { scenarios } = ctx;

  app.get('/api/scenarios', { config: { allow: EVERYONE } }, (_req, reply) =>
    sendOk(reply, scenarios?.list() ?? []),
  );

  app.post<{ Params: { id: string }; Body: unknown }>(
    '/api/scenarios/:id/runs',
    { config: { allow: STAFF } },
    (req, reply) => {
      const body = (req.body ?? {}) as StartRunRequestBody;
      if (typeof body !== 'object' || Array.isArray(body))
        return sendError(reply, {
          code: 'BAD_REQUEST',
          message: 'Body must be a JSON object { "speed"?: n }',
        });
      if (body.speed !== undefined && !(typeof body.speed === 'number' && body.speed > 0))
        return sendError(reply, { code: 'BAD_REQUEST', message: 'speed must be a number > 0' });
      if (!scenarios)
        return sendError(reply, {
          code: 'NOT_FOUND',
          message: `No scenario ${req.params.id} in the library`,
        });
      try {
        const started = scenarios.start(req.params.id, {
          startedBy: req.actor.who,
          ...(body.speed !== undefined ? { speed: body.speed } : {}),
        });
        return sendOk(reply, started, 201);
      } catch (error) {
        if (error instanceof UnknownScenario)
          return sendError(reply, { code: 'NOT_FOUND', message: error.message });
        if (error instanceof PhareError) return sendError(reply, apiError(error));
        throw error;
      }
    },
  );

  app.get<{ Querystring: { limit?: string } }>('/api/runs', { config: { allow: EVERYONE } }, (req, reply) => {
    const limit = req.query.limit === undefined ? 50 : Number(req.query.limit);
    if (!Number.isInteger(limit) || limit <= 0)
      return sendError(reply, { code: 'BAD_REQUEST', message: 'limit must be a positive integer' });
    return sendOk(reply, scenarios?.recentRuns(Math.min(limit, MAX_RUNS_LISTED)) ?? []);
  });

  app.get<{ Params: { id: string } }>('/api/runs/:id', { config: { allow: EVERYONE } }, (req, reply) => {
    const run = scenarios?.run(req.params.id);
    if (!run) return sendError(reply, { code: 'NOT_FOUND', message: `No run ${req.params.id}` });
    return sendOk(reply, run);
  });

  app.post<{ Params: { id: string } }>(
    '/api/runs/:id/abort',
    { config: { allow: STAFF } },
    async (req, reply) => {
      const result = await scenarios?.engine.abort(req.params.id, `aborted by ${req.actor.who}`);
      if (!result) {
        const known = scenarios?.run(req.params.id);
        return sendError(reply, {
          code: known ? 'CONFLICT' : 'NOT_FOUND',
          message: known
            ? `Run ${req.params.id} has already ended (${known.outcome})`
            : `No run ${req.params.id}`,
        });
      }
      return sendOk(reply, scenarios!.run(req.params.id) ?? result);
    },
  );

  app.post<{ Params: { id: string; stepId: string } }>(
    '/api/runs/:id/prompts/:stepId/confirm',
    { config: { allow: STAFF } },
    (req, reply) => {
      const { id, stepId } = req.params;
      if (!scenarios?.engine.confirmPrompt(id, stepId))
        return sendError(reply, {
          code: 'NOT_FOUND',
          message: `No prompt of step ${stepId} waits in run ${id}`,
        });
      return sendOk(reply, { run: id, step: stepId, confirmed: true });
    },
  );
}
