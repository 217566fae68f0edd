/**
 * Sign-in, who-am-I and sign-out (session-wire.ts for the payloads).
 *
 * Sign-in is rate limited per client address and per account name (login-limiter.ts): past the
 * limit it answers 429 with Retry-After, whether the password is right or not. A wrong name and
 * a wrong password get the same answer in the same time (accounts.ts verify).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError, sendOk } from '../api/routes.ts';
import { MAX_PASSWORD_LENGTH } from './password-hash.ts';
import { clearedSessionCookie, sessionCookie } from './cookies.ts';
import { credentialsOf, isLocalBench, resolveActor, type AuthContext } from './request-actor.ts';
import { EVERYONE } from './roles.ts';
import { resolvedActorOf } from './route-guard.ts';
import type { SessionView } from './session-wire.ts';

export function registerSessionRoutes(app: FastifyInstance, auth: AuthContext): void {
  const { accounts, limiter } = auth;

  // Open to everyone and exempt from the CSRF token: there is no session yet to protect.
  app.post<{ Body: unknown }>(
    '/api/session',
    { config: { allow: EVERYONE, csrf: false } },
    async (req, reply) => {
      // Login CSRF (signing a victim's browser into the attacker's account): refuse what the
      // browser itself marks as coming from another site.
      if (req.headers['sec-fetch-site'] === 'cross-site')
        return sendError(reply, { code: 'FORBIDDEN', message: 'Sign-in must come from the showroom itself' });
      const body = req.body;
      if (
        !isObject(body) ||
        typeof body.name !== 'string' ||
        typeof body.password !== 'string' ||
        body.name.length === 0 ||
        body.name.length > 64 ||
        body.password.length > MAX_PASSWORD_LENGTH
      )
        return sendError(reply, {
          code: 'BAD_REQUEST',
          message: 'Body must be a JSON object { "name": "<account>", "password": "<password>" }',
        });
      const { name, password } = body;
      const waitMs = limiter.retryAfterMs(req.ip, name);
      if (waitMs > 0) return tooMany(reply, waitMs);
      const account = await accounts.verify(name, password);
      if (!account) {
        limiter.recordFailure(req.ip, name);
        return sendError(reply, { code: 'UNAUTHORIZED', message: 'Wrong account name or password' });
      }
      limiter.recordSuccess(name);
      accounts.signOut(resolvedActorOf(req).sessionId);
      const session = accounts.signIn(account);
      reply.header(
        'set-cookie',
        sessionCookie(session.id, { maxAgeSeconds: accounts.sessionTtlMs / 1000, secure: isHttps(req) }),
      );
      const view: SessionView = {
        user: account.name,
        role: account.role,
        csrfToken: session.csrfToken,
        localBench: isLocalBench(auth),
        expiresAt: session.expiresAt,
      };
      return sendOk(reply, view);
    },
  );

  app.get('/api/session', { config: { allow: EVERYONE } }, (req, reply) => {
    const resolved = resolvedActorOf(req);
    const view: SessionView = {
      user: resolved.signedIn?.account.name ?? null,
      role: resolved.actor.role === 'system' ? 'visitor' : resolved.actor.role,
      csrfToken: resolved.signedIn?.session.csrfToken ?? null,
      localBench: resolved.localBench,
      expiresAt: resolved.signedIn?.session.expiresAt ?? null,
    };
    return sendOk(reply, view);
  });

  // Everyone may sign out; a signed-in request needs its CSRF token like any other state change.
  app.delete('/api/session', { config: { allow: EVERYONE } }, (req, reply) => {
    const resolved = resolvedActorOf(req);
    accounts.signOut(resolved.sessionId);
    reply.header('set-cookie', clearedSessionCookie(isHttps(req)));
    const anonymous = resolveActor(auth, { ...credentialsOf(req.headers), cookie: undefined });
    const view: SessionView = {
      user: null,
      role: anonymous.actor.role === 'system' ? 'visitor' : anonymous.actor.role,
      csrfToken: null,
      localBench: anonymous.localBench,
      expiresAt: null,
    };
    return sendOk(reply, view);
  });
}

function tooMany(reply: FastifyReply, waitMs: number): FastifyReply {
  const seconds = Math.ceil(waitMs / 1000);
  const wait = seconds >= 60 ? `${Math.floor(seconds / 60)} min ${seconds % 60} s` : `${seconds} s`;
  reply.header('retry-after', String(seconds));
  return sendError(reply, {
    code: 'TOO_MANY_REQUESTS',
    message: `Too many failed sign-ins for this account or from this address; try again in ${wait}`,
  });
}

function isHttps(req: FastifyRequest): boolean {
  return req.protocol === 'https';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
