/**
 * The recorder: point samples and the audit log in SQLite (ARCHITECTURE.md §3).
 *
 * Samples arrive from the bus on every value or quality change and are written in one transaction
 * per batch (every `flushIntervalMs` or `maxBatchRows` rows, whichever comes first): one fsync per
 * batch instead of one per row (§6 "SQLite writes batched in transactions").
 * Audit entries are written at once, because the caller needs the row id (WriteResultBody.auditId)
 * and an audit entry must survive a crash right after the write.
 *
 * A write failure (disk full: SQLITE_FULL, file removed) is logged once when it starts, naming the
 * file and SQLite's code, and once when it ends; meanwhile samples wait in memory up to
 * `maxBufferedRows` (then the oldest are dropped, and the count is logged) and are retried every
 * few seconds. Audit entries that cannot be written wait in memory too, with the id SQLite would
 * give them, so a write to a device still succeeds and is audited: devices keep running (§6).
 * `close()` logs what this session received, wrote and dropped, so a stop can be checked.
 * Stored values are never written back to devices (FUXA lesson, §7): this module only reads for queries.
 */
import { silentLogger, type Logger } from '@phare/device-drivers/contract.ts';
import type { HistorySample, PointState, PointValue, Quality } from '../api/wire.ts';
import type { AuditEntry } from '../bus/events.ts';
import type { SqliteDatabase } from './database.ts';
import type { AuditStore } from './audit-store.ts';

export interface RecorderOptions {
  flushIntervalMs?: number;
  maxBatchRows?: number;
  maxBufferedRows?: number;
  logger?: Logger;
}

/** What the recorder did since it opened (counts of samples). */
export interface RecorderStats {
  received: number;
  written: number;
  dropped: number;
  pending: number;
  pendingAudit: number;
  failing: boolean;
}

/** How often a failing disk is retried, at least. */
const RETRY_MS = 2000;

interface PendingSample {
  point: string;
  ts: number;
  value: PointValue;
  quality: Quality;
}

export class Recorder implements AuditStore {
  private pending: PendingSample[] = [];
  /** Audit entries the disk refused, oldest first, with the ids given to their callers. */
  private pendingAudit: AuditEntry[] = [];
  private lastAuditId: number;
  private timer: NodeJS.Timeout | undefined;
  private failing = false;
  private closed = false;
  private received = 0;
  private written = 0;
  private dropped = 0;
  private droppedSinceFailing = 0;
  private readonly pointIds = new Map<string, number>();
  private readonly flushIntervalMs: number;
  private readonly maxBatchRows: number;
  private readonly maxBufferedRows: number;
  private readonly logger: Logger;
  private readonly statements;

  constructor(
    private readonly db: SqliteDatabase,
    options: RecorderOptions = {},
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? 250;
    this.maxBatchRows = options.maxBatchRows ?? 1000;
    this.maxBufferedRows = options.maxBufferedRows ?? 100_000;
    this.logger = options.logger ?? silentLogger;
    this.statements = {
      findPoint: db.prepare<[string], { id: number }>('SELECT id FROM point WHERE name = ?'),
      insertPoint: db.prepare<[string]>('INSERT INTO point (name) VALUES (?)'),
      insertSample: db.prepare<[number, number, number | string | null, string]>(
        'INSERT INTO sample (point_id, ts, value, quality) VALUES (?, ?, ?, ?)',
      ),
      insertAudit: db.prepare(
        `INSERT INTO audit (id, ts, who, point, device, old_value, new_value, ok, error_code, error_message, commands)
         VALUES (@id, @ts, @who, @point, @device, @oldValue, @newValue, @ok, @errorCode, @errorMessage, @commands)`,
      ),
      recentAudit: db.prepare<[number], AuditRow>('SELECT * FROM audit ORDER BY id DESC LIMIT ?'),
      history: db.prepare<[string, number, number, number], SampleRow>(
        `SELECT s.ts, s.value, s.quality FROM sample s JOIN point p ON p.id = s.point_id
         WHERE p.name = ? AND s.ts >= ? AND s.ts <= ? ORDER BY s.ts LIMIT ?`,
      ),
    };
    // The id an entry the disk refuses will get (the next one SQLite would give).
    this.lastAuditId = (
      db
        .prepare(
          `SELECT max(coalesce((SELECT max(id) FROM audit), 0),
                      coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'audit'), 0)) AS id`,
        )
        .get() as { id: number }
    ).id;
  }

  /** Queues samples; they reach the disk with the next batch. */
  addSamples(states: PointState[]): void {
    if (this.closed) return;
    this.received += states.length;
    for (const s of states) this.pending.push({ point: s.id, ts: s.ts, value: s.value, quality: s.quality });
    if (this.pending.length > this.maxBufferedRows) {
      const excess = this.pending.length - this.maxBufferedRows;
      this.pending.splice(0, excess);
      this.dropped += excess;
      if (this.droppedSinceFailing === 0)
        this.logger.warn(
          `recorder buffer full (${this.maxBufferedRows} samples) while the disk refuses writes; dropping the oldest`,
        );
      this.droppedSinceFailing += excess;
    }
    // While the disk refuses writes, only the retry timer tries again (not every new sample).
    if (this.pending.length >= this.maxBatchRows && !this.failing) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), this.flushIntervalMs);
  }

  /** Writes every queued audit entry and sample now, samples in transactions of at most maxBatchRows. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.pendingAudit.length > 0 || this.pending.length > 0) {
      const batch = this.pending.slice(0, this.maxBatchRows);
      try {
        while (this.pendingAudit.length > 0) {
          this.insertWaitingAudit(this.pendingAudit[0]!);
          this.pendingAudit.shift();
        }
        this.writeBatch(batch);
      } catch (error) {
        this.failed(error);
        if (!this.closed)
          this.timer = setTimeout(() => this.flush(), Math.max(this.flushIntervalMs, RETRY_MS));
        return;
      }
      this.pending.splice(0, batch.length);
      this.written += batch.length;
      if (this.failing) {
        this.failing = false;
        this.logger.info(
          `recording works again in ${this.db.name}` +
            (this.droppedSinceFailing > 0
              ? `; ${this.droppedSinceFailing} samples were dropped meanwhile (buffer full)`
              : '; nothing was lost'),
        );
        this.droppedSinceFailing = 0;
      }
    }
  }

  stats(): RecorderStats {
    return {
      received: this.received,
      written: this.written,
      dropped: this.dropped,
      pending: this.pending.length,
      pendingAudit: this.pendingAudit.length,
      failing: this.failing,
    };
  }

  private failed(error: unknown): void {
    if (this.failing) return;
    this.failing = true;
    const code = (error as { code?: unknown }).code;
    const message = error instanceof Error ? error.message : String(error);
    this.logger.error(
      `recording to ${this.db.name} failed (${typeof code === 'string' ? `${code}: ` : ''}${message})` +
        (code === 'SQLITE_FULL' ? ': the disk or the database is full' : '') +
        `; keeping up to ${this.maxBufferedRows} samples in memory and retrying every ${Math.max(this.flushIntervalMs, RETRY_MS) / 1000} s. ` +
        'Devices keep running.',
      { code, dataFile: this.db.name },
    );
  }

  private writeBatch(batch: PendingSample[]): void {
    this.db.transaction(() => {
      for (const s of batch) {
        this.statements.insertSample.run(this.pointId(s.point), s.ts, encodeValue(s.value), s.quality);
      }
    })();
  }

  private pointId(name: string): number {
    let id = this.pointIds.get(name);
    if (id === undefined) {
      id =
        this.statements.findPoint.get(name)?.id ??
        Number(this.statements.insertPoint.run(name).lastInsertRowid);
      this.pointIds.set(name, id);
    }
    return id;
  }

  /**
   * Stores one audit entry at once. If the disk refuses it, the entry waits in memory for the next
   * successful flush, with the id it would get: the write it records has happened and must not
   * fail now. (Ids come from SQLite otherwise: a CLI one-shot may write the same table meanwhile.)
   */
  append(entry: Omit<AuditEntry, 'id'>): AuditEntry {
    if (this.pendingAudit.length === 0) {
      try {
        return { ...entry, id: this.insertAudit({ ...entry, id: null }) };
      } catch (error) {
        this.failed(error);
        if (!this.timer && !this.closed) this.timer = setTimeout(() => this.flush(), RETRY_MS);
      }
    }
    const waiting: AuditEntry = { ...entry, id: ++this.lastAuditId };
    this.pendingAudit.push(waiting);
    return waiting;
  }

  /** Writes an entry that waited for the disk, under its id if nobody took it meanwhile. */
  private insertWaitingAudit(entry: AuditEntry): void {
    try {
      this.insertAudit(entry);
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') throw error;
      const id = this.insertAudit({ ...entry, id: null });
      this.logger.warn(
        `audit entry ${entry.id} was stored as ${id}: another process wrote the audit log meanwhile`,
      );
    }
  }

  /** Inserts one entry (`id` null: SQLite's next); returns its id. */
  private insertAudit(entry: Omit<AuditEntry, 'id'> & { id: number | null }): number {
    const info = this.statements.insertAudit.run({
      id: entry.id,
      ts: entry.ts,
      who: entry.who,
      point: entry.point,
      device: entry.device,
      oldValue: JSON.stringify(entry.oldValue ?? null),
      newValue: JSON.stringify(entry.newValue ?? null),
      ok: entry.ok ? 1 : 0,
      errorCode: entry.error?.code ?? null,
      errorMessage: entry.error?.message ?? null,
      commands: JSON.stringify(entry.commands),
    });
    this.lastAuditId = Math.max(this.lastAuditId, Number(info.lastInsertRowid));
    return Number(info.lastInsertRowid);
  }

  /** Newest first, including entries still waiting for the disk. */
  recent(limit: number): AuditEntry[] {
    const waiting = this.pendingAudit.slice(-limit).reverse();
    return [...waiting, ...this.statements.recentAudit.all(limit - waiting.length).map(auditFromRow)];
  }

  /** Samples of one point between two times (inclusive), oldest first. Booleans come back as 0/1. */
  history(point: string, from: number, to: number, limit = 10_000): HistorySample[] {
    // Flush first so a query right after a change sees it.
    this.flush();
    return this.statements.history.all(point, from, to, limit).map((r) => ({
      ts: r.ts,
      value: r.value,
      quality: r.quality as Quality,
    }));
  }

  /** Flushes and closes the database, and logs what this session recorded. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const { received, written, dropped, pending, pendingAudit } = this.stats();
    const summary = `recorder closed: ${received} samples received, ${written} written, ${dropped} dropped, ${pending} unwritten; ${pendingAudit} audit entries unwritten`;
    if (pending > 0 || pendingAudit > 0) this.logger.error(`${summary} (the disk still refuses writes)`);
    else this.logger.info(summary);
    this.db.close();
  }
}

interface SampleRow {
  ts: number;
  value: number | string | null;
  quality: string;
}

interface AuditRow {
  id: number;
  ts: number;
  who: string;
  point: string;
  device: string | null;
  old_value: string | null;
  new_value: string | null;
  ok: number;
  error_code: string | null;
  error_message: string | null;
  commands: string;
}

function encodeValue(value: PointValue): number | string | null {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

function auditFromRow(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    ts: row.ts,
    who: row.who,
    point: row.point,
    device: row.device,
    oldValue: parseJson(row.old_value) as PointValue,
    newValue: parseJson(row.new_value),
    ok: row.ok === 1,
    error: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
    commands: (parseJson(row.commands) as string[] | null) ?? [],
  };
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
