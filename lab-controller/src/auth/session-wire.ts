/**
 * The session part of the wire contract (typed once, imported by showroom-ui as types only):
 *
 *   POST   /api/session  LoginRequestBody → SessionView, sets the `phare_session` cookie;
 *                        401 wrong name or password, 429 too many failures (Retry-After)
 *   GET    /api/session  → SessionView (who am I; anonymous: user null, role visitor or, on a
 *                        local bench without accounts, admin)
 *   DELETE /api/session  → SessionView of the anonymous state, clears the cookie
 *
 * State-changing requests of a signed-in browser carry `x-phare-csrf: <csrfToken>`.
 */
import type { Role } from './roles.ts';

export const CSRF_HEADER = 'x-phare-csrf';
export const SESSION_COOKIE = 'phare_session';

export interface LoginRequestBody {
  name: string;
  password: string;
}

export interface SessionView {
  /** The account name; null when anonymous. */
  user: string | null;
  role: Role;
  /** Send it back in the x-phare-csrf header on POST/PUT/PATCH/DELETE; null when anonymous. */
  csrfToken: string | null;
  /** The controller listens on loopback and has no account yet: anonymous local users act as admin. */
  localBench: boolean;
  /** When the session ends (ms since the epoch); null when anonymous. */
  expiresAt: number | null;
}
