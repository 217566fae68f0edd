/**
 * Accounts and sessions together: what the CLI (`phare users …`) and the API (session routes,
 * route guard, socket) call. Stores are SQLite in the data folder, or memory when it is unusable.
 *
 * Invalid requests (a bad name, an unknown role, a short password, a taken name) throw
 * ConfigInvalid with a message that says what to change.
 */
import { ConfigInvalid } from '@phare/device-drivers/errors.ts';
import type { SqliteDatabase } from '../storage/database.ts';
import {
  ACCOUNT_ROLES,
  MemoryAccountStore,
  SqliteAccountStore,
  type Account,
  type AccountRole,
  type AccountStore,
} from './account-store.ts';
import { decoyHash, hashPassword, passwordProblem, verifyPassword } from './password-hash.ts';
import {
  MemorySessionStore,
  newSessionSecrets,
  sessionIdHash,
  SqliteSessionStore,
  type NewSession,
  type SessionRecord,
  type SessionStore,
} from './session-store.ts';

export const DEFAULT_SESSION_TTL_MS = 12 * 3_600_000;

/** Letters (accents welcome), digits, `.`, `_`, `-`; up to 64 characters. */
const NAME_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N}._-]{0,63}$/u;

export interface AccountsOptions {
  /** How long a session lasts after sign-in (absolute, not sliding); default 12 h. */
  sessionTtlMs?: number;
  /** Shortest new password (phare.config.yaml `accounts.minPasswordLength`); never below 10. */
  minPasswordLength?: number;
  now?: () => number;
}

export interface SignedIn {
  account: Account;
  session: SessionRecord;
}

export class Accounts {
  readonly sessionTtlMs: number;
  private readonly minPasswordLength: number | undefined;
  private readonly now: () => number;

  constructor(
    private readonly store: AccountStore,
    private readonly sessions: SessionStore,
    options: AccountsOptions = {},
  ) {
    this.sessionTtlMs = options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;
    this.minPasswordLength = options.minPasswordLength;
    this.now = options.now ?? Date.now;
  }

  /** `db` is the controller's database, migrated (storage/database.ts openDatabase). */
  static inDatabase(db: SqliteDatabase, options?: AccountsOptions): Accounts {
    return new Accounts(new SqliteAccountStore(db), new SqliteSessionStore(db), options);
  }

  static inMemory(options?: AccountsOptions): Accounts {
    return new Accounts(new MemoryAccountStore(), new MemorySessionStore(), options);
  }

  count(): number {
    return this.store.count();
  }

  hasAdmin(): boolean {
    return this.store.countWithRole('admin') > 0;
  }

  list(): Account[] {
    return this.store.list();
  }

  async add(name: string, role: string, password: string): Promise<Account> {
    checkName(name);
    const accountRole = checkRole(role);
    checkPassword(password, this.minPasswordLength);
    const account: Account = { name, role: accountRole, createdAt: this.now() };
    if (!this.store.add({ ...account, passwordHash: await hashPassword(password) }))
      throw new ConfigInvalid(
        `An account named ${name} already exists; change its password with \`phare users passwd ${name}\``,
      );
    return account;
  }

  /** Also signs the account out everywhere: whoever knew the old password loses access now. */
  async setPassword(name: string, password: string): Promise<void> {
    checkPassword(password, this.minPasswordLength);
    if (!this.store.get(name)) throw unknownAccount(name);
    this.store.setPassword(name, await hashPassword(password));
    this.sessions.deleteOfUser(name);
  }

  remove(name: string): void {
    if (!this.store.remove(name)) throw unknownAccount(name);
    this.sessions.deleteOfUser(name);
  }

  /** The account when the password matches; undefined otherwise (same time for an unknown name). */
  async verify(name: string, password: string): Promise<Account | undefined> {
    const stored = this.store.get(name);
    const matches = await verifyPassword(password, stored?.passwordHash ?? (await decoyHash()));
    if (!stored || !matches) return undefined;
    return { name: stored.name, role: stored.role, createdAt: stored.createdAt };
  }

  signIn(account: Account): NewSession {
    const now = this.now();
    this.sessions.deleteExpired(now);
    const { id, csrfToken } = newSessionSecrets();
    const record: SessionRecord = {
      user: account.name,
      csrfToken,
      createdAt: now,
      expiresAt: now + this.sessionTtlMs,
    };
    this.sessions.save(sessionIdHash(id), record);
    return { id, ...record };
  }

  /**
   * The live session of a cookie value with its account as it is now (a role changed or an
   * account removed takes effect on the next request); undefined when expired or unknown.
   */
  sessionOf(id: string | undefined): SignedIn | undefined {
    if (!id) return undefined;
    const idHash = sessionIdHash(id);
    const session = this.sessions.find(idHash);
    if (!session) return undefined;
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(idHash);
      return undefined;
    }
    const stored = this.store.get(session.user);
    if (!stored) return undefined;
    return { account: { name: stored.name, role: stored.role, createdAt: stored.createdAt }, session };
  }

  signOut(id: string | undefined): void {
    if (id) this.sessions.delete(sessionIdHash(id));
  }
}

function checkName(name: string): void {
  if (!NAME_PATTERN.test(name))
    throw new ConfigInvalid(
      `Account name ${JSON.stringify(name)} is not valid: use letters, digits, ".", "_" or "-" ` +
        '(up to 64, starting with a letter or digit)',
    );
}

function checkRole(role: string): AccountRole {
  if ((ACCOUNT_ROLES as readonly string[]).includes(role)) return role as AccountRole;
  const hint = role === 'visitor' ? ' (visitor is the anonymous role: it needs no account)' : '';
  throw new ConfigInvalid(`Role ${JSON.stringify(role)} is not one of ${ACCOUNT_ROLES.join(', ')}${hint}`);
}

function checkPassword(password: string, minLength: number | undefined): void {
  const problem = passwordProblem(password, minLength);
  if (problem) throw new ConfigInvalid(problem);
}

function unknownAccount(name: string): ConfigInvalid {
  return new ConfigInvalid(`No account named ${name}; \`phare users list\` shows them`);
}
