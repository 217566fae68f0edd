/**
 * Who is learning: the signed-in account (GET /api/session); on a local bench without accounts
 * (anonymous acts as admin), the name the apprentice types, kept in localStorage so the bench PC
 * remembers it. The trainer is staff or admin (on a local bench, everyone at the bench).
 */
import type { SessionView } from '@phare/lab-controller/auth/session-wire.ts';
import { request } from '../../lib/api.ts';

const STORAGE_KEY = 'phare.apprentice';

/** What a controller without the session route is: a local bench. */
const LOCAL_BENCH: SessionView = {
  user: null,
  role: 'admin',
  csrfToken: null,
  localBench: true,
  expiresAt: null,
};

function readStoredName(): string {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? '';
  } catch {
    return '';
  }
}

export class Learner {
  session = $state.raw<SessionView | null>(null);
  typedName = $state(readStoredName());

  /** The apprentice whose progress is shown and checked; null until known. */
  get name(): string | null {
    if (!this.session) return null;
    if (this.session.user) return this.session.user;
    return this.session.localBench && this.typedName.trim() !== '' ? this.typedName.trim() : null;
  }

  /** A local bench: the apprentice types a name instead of signing in. */
  get typesName(): boolean {
    return this.session !== null && this.session.user === null && this.session.localBench;
  }

  get isTrainer(): boolean {
    return this.session?.role === 'admin' || this.session?.role === 'staff';
  }

  get csrfToken(): string | null {
    return this.session?.csrfToken ?? null;
  }

  async load(): Promise<void> {
    const result = await request<SessionView>('GET', '/api/session');
    this.session = result.ok ? result.data : LOCAL_BENCH;
  }

  setName(name: string): void {
    this.typedName = name.trim();
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, this.typedName);
    } catch {
      // Not remembered; it still applies to this page.
    }
  }
}
