/**
 * Accounts: name, role, scrypt hash (password-hash.ts), creation time. Kept in the controller's
 * SQLite file (migration 4, ACCOUNTS_MIGRATION) so `phare users add` and the daemon share them,
 * even while the daemon runs (WAL mode); in memory when the data folder is unusable.
 *
 * Names are unique whatever their case, accents included (`Élodie` and `élodie` are one account):
 * rows are keyed by accountKey(), since SQLite's NOCASE folds ASCII letters only.
 */
import type { SqliteDatabase } from '../storage/database.ts';
import type { Role } from './roles.ts';

/** Migration 4 (storage/migrations.ts): accounts and their sessions (session-store.ts). */
export const ACCOUNTS_MIGRATION = `
  CREATE TABLE account (
    key           TEXT NOT NULL PRIMARY KEY,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL
  );
  CREATE TABLE session (
    id_hash    TEXT NOT NULL PRIMARY KEY,
    user_key   TEXT NOT NULL,
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX session_by_user ON session(user_key);
  CREATE INDEX session_by_expiry ON session(expires_at);
`;

/** Roles an account may have; `visitor` is the anonymous role and needs none. */
export const ACCOUNT_ROLES = ['admin', 'staff', 'apprentice', 'vendor'] as const satisfies readonly Role[];
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

/** The unique form of an account name: NFC, lower case. */
export function accountKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

export interface Account {
  name: string;
  role: AccountRole;
  /** ms since the epoch. */
  createdAt: number;
}

export interface StoredAccount extends Account {
  passwordHash: string;
}

export interface AccountStore {
  count(): number;
  countWithRole(role: AccountRole): number;
  get(name: string): StoredAccount | undefined;
  /** Sorted by name; never the hashes. */
  list(): Account[];
  /** False when the name is taken. */
  add(account: StoredAccount): boolean;
  /** False when there is no such account. */
  setPassword(name: string, passwordHash: string): boolean;
  remove(name: string): boolean;
}

export class MemoryAccountStore implements AccountStore {
  private readonly accounts = new Map<string, StoredAccount>();

  count(): number {
    return this.accounts.size;
  }
  countWithRole(role: AccountRole): number {
    return [...this.accounts.values()].filter((a) => a.role === role).length;
  }
  get(name: string): StoredAccount | undefined {
    const found = this.accounts.get(accountKey(name));
    return found && { ...found };
  }
  list(): Account[] {
    return [...this.accounts.values()]
      .map(({ name, role, createdAt }) => ({ name, role, createdAt }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
  add(account: StoredAccount): boolean {
    const key = accountKey(account.name);
    if (this.accounts.has(key)) return false;
    this.accounts.set(key, { ...account });
    return true;
  }
  setPassword(name: string, passwordHash: string): boolean {
    const found = this.accounts.get(accountKey(name));
    if (found) found.passwordHash = passwordHash;
    return found !== undefined;
  }
  remove(name: string): boolean {
    return this.accounts.delete(accountKey(name));
  }
}

interface AccountRow {
  name: string;
  role: string;
  password_hash: string;
  created_at: number;
}

export class SqliteAccountStore implements AccountStore {
  private readonly statements;

  /** `db` is the controller's database (storage/database.ts), migrated with ACCOUNTS_MIGRATION. */
  constructor(db: SqliteDatabase) {
    this.statements = {
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM account'),
      countWithRole: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM account WHERE role = ?'),
      get: db.prepare<[string], AccountRow>('SELECT * FROM account WHERE key = ?'),
      list: db.prepare<[], AccountRow>('SELECT * FROM account ORDER BY name'),
      add: db.prepare(
        `INSERT INTO account (key, name, role, password_hash, created_at)
         VALUES (@key, @name, @role, @passwordHash, @createdAt) ON CONFLICT (key) DO NOTHING`,
      ),
      setPassword: db.prepare<[string, string]>('UPDATE account SET password_hash = ? WHERE key = ?'),
      remove: db.prepare<[string]>('DELETE FROM account WHERE key = ?'),
    };
  }

  count(): number {
    return this.statements.count.get()?.n ?? 0;
  }
  countWithRole(role: AccountRole): number {
    return this.statements.countWithRole.get(role)?.n ?? 0;
  }
  get(name: string): StoredAccount | undefined {
    const row = this.statements.get.get(accountKey(name));
    return row && { ...fromRow(row), passwordHash: row.password_hash };
  }
  list(): Account[] {
    return this.statements.list.all().map(fromRow);
  }
  add(account: StoredAccount): boolean {
    const { name, role, passwordHash, createdAt } = account;
    return (
      this.statements.add.run({ key: accountKey(name), name, role, passwordHash, createdAt }).changes === 1
    );
  }
  setPassword(name: string, passwordHash: string): boolean {
    return this.statements.setPassword.run(passwordHash, accountKey(name)).changes === 1;
  }
  remove(name: string): boolean {
    return this.statements.remove.run(accountKey(name)).changes === 1;
  }
}

function fromRow(row: AccountRow): Account {
  return { name: row.name, role: row.role as AccountRole, createdAt: row.created_at };
}
