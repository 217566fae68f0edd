/**
 * The one place where roles are checked on HTTP (issue 9):
 *
 * - at start-up, an `onRoute` hook refuses any route under /api that does not declare
 *   `config.allow` (the controller fails to start rather than serve an open route);
 * - on every request, an `onRequest` hook resolves `request.actor` (request-actor.ts), then
 *   answers 401 (anonymous, sign in first) or 403 (signed in, role not allowed) before the handler;
 * - CSRF: a signed-in browser's POST/PUT/PATCH/DELETE must carry `x-phare-csrf` equal to its
 *   session's token, or 403. SameSite=Strict on the cookie is the first line; the token is the
 *   second, for browsers or proxies that get SameSite wrong. Routes that need no authority at all
 *   (login, a pure computation open to everyone) declare `csrf: false`: anything the token would
 *   protect there, an anonymous request may do anyway.
 *
 * Anonymous requests carry no credential a third-party site could borrow, so they need no token;
 * the local bench's anonymous admin is bound to this machine's own pages (request-actor.ts).
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from '../api/routes.ts';
import { credentialsOf, resolveActor, type AuthContext, type ResolvedActor } from './request-actor.ts';
import type { Actor, Role } from './roles.ts';
import { CSRF_HEADER } from './session-wire.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * `false`: state changes on this route need no x-phare-csrf token. Only for routes open to
     * `visitor` that act on nothing (say why next to the route).
     */
    csrf?: false;
  }
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const resolvedByRequest = new WeakMap<FastifyRequest, ResolvedActor>();

/** The session behind a request, as the guard resolved it (for the session routes). */
export function resolvedActorOf(request: FastifyRequest): ResolvedActor {
  const resolved = resolvedByRequest.get(request);
  if (!resolved) throw new Error('route-guard is not installed on this server');
  return resolved;
}

export function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/');
}

/** One /api route as declared, for the enumeration test and for documentation. */
export interface DeclaredRoute {
  method: string;
  url: string;
  allow: readonly Role[];
  /** False when the route declares `csrf: false`. */
  csrf: boolean;
}

/**
 * Call before any route is registered. Returns the /api routes declared on `app`, filled in as
 * they register.
 */
export function installRouteGuard(app: FastifyInstance, auth: AuthContext): readonly DeclaredRoute[] {
  const declared: DeclaredRoute[] = [];
  app.decorateRequest('actor', null as unknown as Actor);

  app.addHook('onRoute', (route) => {
    if (!isApiPath(route.url)) return;
    const allow = route.config?.allow;
    const methods = [route.method].flat();
    if (!allow) {
      throw new Error(
        `${methods.join(',')} ${route.url} declares no roles: add { config: { allow: EVERYONE | SIGNED_IN | STAFF | ADMIN } } ` +
          '(lab-controller/src/auth/roles.ts)',
      );
    }
    for (const method of methods)
      declared.push({ method, url: route.url, allow, csrf: route.config?.csrf !== false });
  });

  app.addHook('onRequest', async (req, reply) => {
    const resolved = resolveActor(auth, credentialsOf(req.headers));
    req.actor = resolved.actor;
    resolvedByRequest.set(req, resolved);
    if (req.is404) return;
    const config = req.routeOptions.config;
    const allow = config.allow;
    // Only /api routes declare roles (enforced above); static files of the showroom are public.
    if (!allow) return;
    const refused = refusal(req, resolved, allow);
    if (refused) return refused(reply);
    if (STATE_CHANGING.has(req.method) && resolved.signedIn && config.csrf !== false) {
      const token = req.headers[CSRF_HEADER];
      if (typeof token !== 'string' || !sameSecret(token, resolved.signedIn.session.csrfToken)) {
        return sendError(reply, {
          code: 'FORBIDDEN',
          message: `${req.method} ${req.url} needs the ${CSRF_HEADER} header of your session (GET /api/session gives it); reload the page`,
        });
      }
    }
  });
  return declared;
}

function refusal(
  req: FastifyRequest,
  resolved: ResolvedActor,
  allow: readonly Role[],
): ((reply: FastifyReply) => FastifyReply) | undefined {
  const role = resolved.actor.role;
  if (role !== 'system' && allow.includes(role)) return undefined;
  const what = `${req.method} ${req.routeOptions.url ?? req.url}`;
  const allowed = allow.join(', ');
  if (!resolved.signedIn) {
    return (reply) =>
      sendError(reply, {
        code: 'UNAUTHORIZED',
        message: `${what} needs an account (${allowed}); sign in first`,
      });
  }
  return (reply) =>
    sendError(reply, {
      code: 'FORBIDDEN',
      message: `${what} is for ${allowed}; ${resolved.signedIn!.account.name} is ${role}`,
    });
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
