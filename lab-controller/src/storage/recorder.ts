/**
 * The recorder: point samples and the audit log in SQLite (ARCHITECTURE.md §3).
 *
 * Samples arrive from the bus on every value or quality change and are written in one transaction
 * per batch (every `flushIntervalMs` or `maxBatchRows` rows, whichever comes first): one fsync per
 * batch instead of one per row (§6 "SQLite writes batched in transactions").
 * Audit entries are written at once, because the caller needs the row id (WriteResultBody.auditId)
 * and an audit entry must survive a crash right after the write.
 *
 * A write failure (disk full, file removed) is logged once when it starts and once when it ends;
 * samples wait in memory up to `maxBufferedRows`, then the oldest are dropped. Devices keep running.
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

interface PendingSample {
  point: string;
  ts: number;
  value: PointValue;
  quality: Quality;
}

export class Recorder implements AuditStore {
  private pending: PendingSample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private failing = false;
  private closed = false;
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
        `INSERT INTO audit (ts, who, point, device, old_value, new_value, ok, error_code, error_message, commands)
         VALUES (@ts, @who, @point, @device, @oldValue, @newValue, @ok, @errorCode, @errorMessage, @commands)`,
      ),
      recentAudit: db.prepare<[number], AuditRow>('SELECT * FROM audit ORDER BY id DESC LIMIT ?'),
      history: db.prepare<[string, number, number, number], SampleRow>(
        `SELECT s.ts, s.value, s.quality FROM sample s JOIN point p ON p.id = s.point_id
         WHERE p.name = ? AND s.ts >= ? AND s.ts <= ? ORDER BY s.ts LIMIT ?`,
      ),
    };
  }

  /** Queues samples; they reach the disk with the next batch. */
  addSamples(states: PointState[]): void {
    if (this.closed) return;
    for (const s of states) this.pending.push({ point: s.id, ts: s.ts, value: s.value, quality: s.quality });
    if (this.pending.length > this.maxBufferedRows) {
      this.pending.splice(0, this.pending.length - this.maxBufferedRows);
    }
    if (this.pending.length >= this.maxBatchRows) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), this.flushIntervalMs);
  }

  /** Writes every queued sample now, in transactions of at most maxBatchRows. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.pending.length > 0) {
      const batch = this.pending.slice(0, this.maxBatchRows);
      try {
        this.writeBatch(batch);
      } catch (error) {
        if (!this.failing) {
          this.failing = true;
          this.logger.error('recording samples failed; keeping them in memory and retrying', {
            error: error instanceof Error ? error.message : String(error),
          });
        }
        if (!this.closed) this.timer = setTimeout(() => this.flush(), Math.max(this.flushIntervalMs, 2000));
        return;
      }
      this.pending.splice(0, batch.length);
      if (this.failing) {
        this.failing = false;
        this.logger.info('recording samples works again');
      }
    }
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

  append(entry: Omit<AuditEntry, 'id'>): AuditEntry {
    const info = this.statements.insertAudit.run({
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
    return { ...entry, id: Number(info.lastInsertRowid) };
  }

  recent(limit: number): AuditEntry[] {
    return this.statements.recentAudit.all(limit).map(auditFromRow);
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

  /** Flushes and closes the database. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
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
