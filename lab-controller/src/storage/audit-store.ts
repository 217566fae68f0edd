/**
 * Where audit entries go. The Recorder (SQLite) is the normal store; MemoryAuditStore keeps the
 * last entries in memory when the data folder is unusable, so writes are still audited (and
 * visible in GET /api/audit) while the controller runs without recording.
 */
import type { HistorySample } from '../api/wire.ts';
import type { AuditEntry } from '../bus/events.ts';

export interface AuditStore {
  /** Stores one entry and returns it with its id. */
  append(entry: Omit<AuditEntry, 'id'>): AuditEntry;
  /** Newest first. */
  recent(limit: number): AuditEntry[];
}

export interface HistoryStore {
  history(point: string, from: number, to: number, limit?: number): HistorySample[];
}

export class MemoryAuditStore implements AuditStore {
  private entries: AuditEntry[] = [];
  private nextId = 1;

  constructor(private readonly capacity = 1000) {}

  append(entry: Omit<AuditEntry, 'id'>): AuditEntry {
    const stored = { ...entry, id: this.nextId++ };
    this.entries.push(stored);
    if (this.entries.length > this.capacity) this.entries.shift();
    return stored;
  }

  recent(limit: number): AuditEntry[] {
    return this.entries.slice(-limit).reverse();
  }
}
