/**
 * Who may do what (issue 9, ARCHITECTURE.md §6). Every /api route declares the roles it allows in
 * its route options, `{ config: { allow: [...] } }`; one hook checks them (auth/route-guard.ts) and
 * a test enumerates the routes to prove none is left undeclared.
 *
 * `visitor` is the anonymous role (kiosk, read-only, no login).
 */
export const ROLES = ['admin', 'staff', 'apprentice', 'vendor', 'visitor'] as const;
export type Role = (typeof ROLES)[number];

/** Shorthands for route declarations. */
export const EVERYONE: readonly Role[] = ROLES;
export const SIGNED_IN: readonly Role[] = ['admin', 'staff', 'apprentice', 'vendor'];
export const STAFF: readonly Role[] = ['admin', 'staff'];
export const ADMIN: readonly Role[] = ['admin'];

/**
 * Who asks for a write. Internal sources that were already authorised elsewhere (a scenario run
 * started by staff, the local CLI) pass role `system`.
 */
export interface Actor {
  /** Audit label: `api:alice`, `scenario:<run>`, `cli:bob`. */
  who: string;
  role: Role | 'system';
  /** The account name, when signed in. */
  user?: string;
}
