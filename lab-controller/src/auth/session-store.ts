/**
 * Sessions: a random 32-byte id (the `phare_session` cookie), the account, a CSRF token and an
 * absolute expiry. Kept in SQLite (table from ACCOUNTS_MIGRATION) so that restarting the
 * controller in the middle of a showcase does not sign the staff out; in memory when the data
 * folder is unusable.
 *
 * Only a SHA-256 of the id is stored: a copy of the database file (a backup, a support bundle)
 * cannot be replayed as a live cookie. The CSRF token is stored as is: the showroom reads it back
 * from GET /api/session, and on its own it grants nothing without the cookie.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SqliteDatabase } from '../storage/database.ts';
import { accountKey } from './account-store.ts';

export interface SessionRecord {
  /** The account (as stored: its name, or its accountKey() when read back). */
  user: string;
  csrfToken: string;
  createdAt: number;
  expiresAt: number;
}

export interface NewSession extends SessionRecord {
  /** The cookie value; never stored. */
  id: string;
}

export interface SessionStore {
  save(idHash: string, record: SessionRecord): void;
  find(idHash: string): SessionRecord | undefined;
  delete(idHash: string): void;
  deleteOfUser(user: string): number;
  deleteExpired(now: number): number;
}

/** 32 random bytes, base64url: 256 bits, unguessable. */
export function newSessionSecrets(): { id: string; csrfToken: string } {
  return { id: randomBytes(32).toString('base64url'), csrfToken: randomBytes(32).toString('base64url') };
}

export function sessionIdHash(id: string): string {
  return createHash('sha256').update(id).digest('base64url');
}

export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, SessionRecord>();

  save(idHash: string, record: SessionRecord): void {
    this.sessions.set(idHash, { ...record });
  }
  find(idHash: string): SessionRecord | undefined {
    const found = this.sessions.get(idHash);
    return found && { ...found };
  }
  delete(idHash: string): void {
    this.sessions.delete(idHash);
  }
  deleteOfUser(user: string): number {
    let n = 0;
    for (const [key, record] of this.sessions) {
      if (accountKey(record.user) === accountKey(user)) n += Number(this.sessions.delete(key));
    }
    return n;
  }
  deleteExpired(now: number): number {
    let n = 0;
    for (const [key, record] of this.sessions) {
      if (record.expiresAt <= now) n += Number(this.sessions.delete(key));
    }
    return n;
  }
}

interface SessionRow {
  user_key: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

export class SqliteSessionStore implements SessionStore {
  private readonly statements;

  constructor(db: SqliteDatabase) {
    this.statements = {
      save: db.prepare(
        `INSERT INTO session (id_hash, user_key, csrf_token, created_at, expires_at)
         VALUES (@idHash, @userKey, @csrfToken, @createdAt, @expiresAt)`,
      ),
      find: db.prepare<[string], SessionRow>('SELECT * FROM session WHERE id_hash = ?'),
      delete: db.prepare<[string]>('DELETE FROM session WHERE id_hash = ?'),
      deleteOfUser: db.prepare<[string]>('DELETE FROM session WHERE user_key = ?'),
      deleteExpired: db.prepare<[number]>('DELETE FROM session WHERE expires_at <= ?'),
    };
  }

  save(idHash: string, record: SessionRecord): void {
    const { csrfToken, createdAt, expiresAt } = record;
    this.statements.save.run({ idHash, userKey: accountKey(record.user), csrfToken, createdAt, expiresAt });
  }
  find(idHash: string): SessionRecord | undefined {
    const row = this.statements.find.get(idHash);
    return (
      row && {
        user: row.user_key,
        csrfToken: row.csrf_token,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
      }
    );
  }
  delete(idHash: string): void {
    this.statements.delete.run(idHash);
  }
  deleteOfUser(user: string): number {
    return this.statements.deleteOfUser.run(accountKey(user)).changes;
  }
  deleteExpired(now: number): number {
    return this.statements.deleteExpired.run(now).changes;
  }
}
