/**
 * Who is asking, from what a request carries: the session cookie, and for the local bench the
 * Host, Origin and Sec-Fetch-Site headers. One function for HTTP (route-guard.ts) and socket.io
 * handshakes (live-socket.ts), so both see the same actor.
 *
 * - A live session: its account's role, audited as `api:<name>`.
 * - Anonymous on a local bench (the controller listens on loopback and no account exists yet):
 *   `admin`, audited as `api:local`, so a fresh clone works without creating accounts. Only for
 *   requests that really come from this machine's own pages: the Host header must be a loopback
 *   name (a DNS-rebinding page has its own host name there) and the request must not come from
 *   another site (Origin and Sec-Fetch-Site, which browsers set and pages cannot forge).
 * - Anonymous otherwise: `visitor` (the kiosk: read-only, no login).
 */
import type { Accounts, SignedIn } from './accounts.ts';
import { readCookie } from './cookies.ts';
import type { LoginLimiter } from './login-limiter.ts';
import { hostOf, isLoopbackHost } from './loopback.ts';
import type { Actor } from './roles.ts';
import { SESSION_COOKIE } from './session-wire.ts';

/** What the API server needs to know about accounts (built once by start-controller.ts). */
export interface AuthContext {
  accounts: Accounts;
  /** The controller listens on a loopback address only. */
  loopbackOnly: boolean;
  limiter: LoginLimiter;
}

export interface RequestCredentials {
  cookie?: string | undefined;
  host?: string | undefined;
  origin?: string | undefined;
  secFetchSite?: string | undefined;
}

export interface ResolvedActor {
  actor: Actor;
  signedIn?: SignedIn;
  /** The cookie value of a live session. */
  sessionId?: string;
  localBench: boolean;
}

export const VISITOR: Actor = { who: 'api:visitor', role: 'visitor' };
export const LOCAL_BENCH_ADMIN: Actor = { who: 'api:local', role: 'admin' };

/** Node's IncomingHttpHeaders (HTTP request or socket.io handshake) → credentials. */
export function credentialsOf(headers: Record<string, string | string[] | undefined>): RequestCredentials {
  const one = (name: string): string | undefined => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  return {
    cookie: one('cookie'),
    host: one('host'),
    origin: one('origin'),
    secFetchSite: one('sec-fetch-site'),
  };
}

export function isLocalBench(auth: AuthContext): boolean {
  return auth.loopbackOnly && auth.accounts.count() === 0;
}

export function resolveActor(auth: AuthContext, credentials: RequestCredentials): ResolvedActor {
  const localBench = isLocalBench(auth);
  const sessionId = readCookie(credentials.cookie, SESSION_COOKIE);
  const signedIn = auth.accounts.sessionOf(sessionId);
  if (signedIn && sessionId) {
    const { name, role } = signedIn.account;
    return { actor: { who: `api:${name}`, role, user: name }, signedIn, sessionId, localBench };
  }
  const actor = localBench && comesFromThisMachine(credentials) ? LOCAL_BENCH_ADMIN : VISITOR;
  return { actor, localBench };
}

function comesFromThisMachine(credentials: RequestCredentials): boolean {
  const host = credentials.host && hostOf(credentials.host);
  if (!host || !isLoopbackHost(host)) return false;
  if (credentials.secFetchSite === 'cross-site') return false;
  if (credentials.origin === undefined) return true;
  const origin = hostOf(credentials.origin);
  return origin !== undefined && isLoopbackHost(origin);
}
