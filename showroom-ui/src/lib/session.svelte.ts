/**
 * Who is using the showroom: the controller's session (GET /api/session), signing in and out,
 * and what the current role may do. The controller enforces every role (lab-controller/src/auth);
 * the showroom only hides or disables what would be refused, and says why.
 *
 * The CSRF token of the session goes to api.ts, which sends it on every state change.
 */
import type { Role } from '@phare/lab-controller/auth/roles.ts';
import type { LoginRequestBody, SessionView } from '@phare/lab-controller/auth/session-wire.ts';
import type { ApiResult } from '@phare/lab-controller/api/wire.ts';
import { request, setCsrfToken } from './api.ts';

/** Who may use the staff console's write controls: the roles of the controller's STAFF shorthand. */
export const CONSOLE_WRITERS: readonly Role[] = ['admin', 'staff'];
/**
 * Who may use the twin's controls (group sliders, a luminaire's level, a zone's setpoint): staff,
 * and apprentices on the devices reserved for them (the write path refuses the others).
 */
export const SITE_WRITERS: readonly Role[] = ['admin', 'staff', 'apprentice'];

const ANONYMOUS: SessionView = {
  user: null,
  role: 'visitor',
  csrfToken: null,
  localBench: false,
  expiresAt: null,
};

export class SessionState {
  view = $state<SessionView>(ANONYMOUS);
  /** False until the first answer of GET /api/session. */
  loaded = $state(false);
  #loading: Promise<void> | null = null;
  /** Called after every sign-in or sign-out (the live socket reconnects with the new cookie). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- listeners, not state: nothing renders from this set
  readonly #listeners = new Set<() => void>();

  get role(): Role {
    return this.view.role;
  }

  get user(): string | null {
    return this.view.user;
  }

  may(roles: readonly Role[]): boolean {
    return roles.includes(this.view.role);
  }

  /** Loads the session once; later calls share the first load. */
  ensureLoaded(): Promise<void> {
    return (this.#loading ??= this.refresh());
  }

  async refresh(): Promise<void> {
    const answer = await request<SessionView>('GET', '/api/session');
    if (answer.ok) this.#apply(answer.data);
    this.loaded = true;
  }

  async signIn(name: string, password: string): Promise<ApiResult<SessionView>> {
    const body: LoginRequestBody = { name, password };
    const answer = await request<SessionView>('POST', '/api/session', body);
    if (answer.ok) {
      this.#apply(answer.data);
      this.#changed();
    }
    return answer;
  }

  async signOut(): Promise<ApiResult<SessionView>> {
    const answer = await request<SessionView>('DELETE', '/api/session');
    if (answer.ok) {
      this.#apply(answer.data);
      this.#changed();
    }
    return answer;
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #apply(view: SessionView): void {
    this.view = view;
    this.loaded = true;
    setCsrfToken(view.csrfToken);
  }

  #changed(): void {
    for (const listener of this.#listeners) listener();
  }
}

/** One session per page. */
export const session = new SessionState();
