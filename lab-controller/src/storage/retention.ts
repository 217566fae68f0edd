/**
 * Retention of recorded samples (issue 9 §3, set in phare.config.yaml `recorder.retention`):
 *
 *   newer than rawMs                    kept as recorded
 *   rawMs … rawMs + averagedMs          good numeric samples become one row per minute (their mean,
 *                                       at the minute's start, quality good); other rows (offline,
 *                                       bad, text) are kept as they are, because a mean of them means nothing
 *   older than rawMs + averagedMs       dropped
 *
 * The job runs at start and every intervalMs. It works per point and per chunk of time (the
 * sample index is (point_id, ts)), one transaction per chunk, and yields to the event loop between
 * chunks so the controller keeps polling and serving while it catches up on a large backlog.
 *
 * Idempotent: a minute already reduced to one row at its start is left alone, so a pass that
 * overlaps the previous one, or a restart, does no harm. Within a process it remembers how far it
 * got; after a restart the first pass re-reads the averaged window once (cheap: one row a minute).
 *
 * Booleans are stored as 0/1, so their minute mean is the fraction of samples that were true.
 * No migration: the averaged rows live in the `sample` table (migration 1) beside the raw ones.
 */
import { silentLogger, type Logger } from '@phare/device-drivers/contract.ts';
import type { SqliteDatabase } from './database.ts';

export interface RetentionPolicy {
  /** Samples younger than this are kept as recorded. */
  rawMs: number;
  /** After the raw window, 1-minute means are kept this long, then dropped. */
  averagedMs: number;
  /** Time between passes. */
  intervalMs: number;
}

export interface RetentionReport {
  /** Minutes reduced to one mean row. */
  minutesAveraged: number;
  /** Raw rows replaced by those means. */
  rawRowsReplaced: number;
  /** Rows older than the whole window, removed. */
  rowsDropped: number;
  /** Transactions used. */
  chunks: number;
}

export interface RetentionOptions {
  logger?: Logger;
  now?: () => number;
  /** Span of one chunk for one point (one transaction). Default 6 h. */
  chunkMs?: number;
}

const MINUTE_MS = 60_000;
/** Rows removed per DELETE when dropping: bounded work per transaction. */
const DROP_BATCH = 5_000;

const floorMinute = (ts: number): number => Math.floor(ts / MINUTE_MS) * MINUTE_MS;

export class RetentionJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RetentionReport> | undefined;
  private stopped = false;
  /** Per point: minutes before this are already averaged (this process's previous passes). */
  private readonly averagedBefore = new Map<number, number>();
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly chunkMs: number;
  private readonly sql;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly policy: RetentionPolicy,
    options: RetentionOptions = {},
  ) {
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
    this.chunkMs = Math.max(MINUTE_MS, floorMinute(options.chunkMs ?? 6 * 3_600_000));
    const good = `quality = 'good' AND typeof(value) IN ('integer', 'real')`;
    this.sql = {
      points: db.prepare<[], { id: number }>('SELECT id FROM point ORDER BY id'),
      oldest: db.prepare<[number], { ts: number | null }>(
        'SELECT min(ts) AS ts FROM sample WHERE point_id = ?',
      ),
      drop: db.prepare<[number, number, number]>(
        `DELETE FROM sample WHERE rowid IN
           (SELECT rowid FROM sample WHERE point_id = ? AND ts < ? LIMIT ?)`,
      ),
      // Minutes of one chunk that are not yet a single row at their start.
      minutes: db.prepare<[number, number, number], { minute: number; mean: number }>(
        `SELECT CAST(ts / ${MINUTE_MS} AS INTEGER) * ${MINUTE_MS} AS minute, avg(value) AS mean,
                count(*) AS n, min(ts) AS first
           FROM sample WHERE point_id = ? AND ts >= ? AND ts < ? AND ${good}
          GROUP BY minute HAVING n > 1 OR first <> minute`,
      ),
      removeMinute: db.prepare<[number, number, number]>(
        `DELETE FROM sample WHERE point_id = ? AND ts >= ? AND ts < ? AND ${good}`,
      ),
      insertMean: db.prepare<[number, number, number]>(
        `INSERT INTO sample (point_id, ts, value, quality) VALUES (?, ?, ?, 'good')`,
      ),
    };
  }

  /** Runs a pass now, then every intervalMs, until stop(). */
  start(): void {
    if (this.stopped || this.timer) return;
    const tick = (): void => {
      void this.runOnce().catch((error: unknown) => {
        this.logger.warn('sample retention pass failed; trying again at the next one', {
          error: error instanceof Error ? error.message : String(error),
        });
      });
    };
    this.timer = setInterval(tick, this.policy.intervalMs);
    this.timer.unref();
    tick();
  }

  /** Waits for a pass in progress to finish its current chunk; no pass starts after. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** One pass over every point. A pass already running is joined, not doubled. */
  runOnce(): Promise<RetentionReport> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<RetentionReport> {
    const report: RetentionReport = { minutesAveraged: 0, rawRowsReplaced: 0, rowsDropped: 0, chunks: 0 };
    const now = this.now();
    const averageBefore = floorMinute(now - this.policy.rawMs);
    const dropBefore = floorMinute(now - this.policy.rawMs - this.policy.averagedMs);
    for (const { id } of this.sql.points.all()) {
      if (this.stopped) break;
      await this.dropOld(id, dropBefore, report);
      await this.average(id, dropBefore, averageBefore, report);
    }
    if (report.rowsDropped + report.rawRowsReplaced > 0) this.logger.info('sample retention', { ...report });
    return report;
  }

  private async dropOld(pointId: number, before: number, report: RetentionReport): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const removed = this.sql.drop.run(pointId, before, DROP_BATCH).changes;
      report.chunks++;
      report.rowsDropped += removed;
      if (removed < DROP_BATCH) return;
      await yieldToEventLoop();
    }
  }

  private async average(
    pointId: number,
    after: number,
    before: number,
    report: RetentionReport,
  ): Promise<void> {
    const done = this.averagedBefore.get(pointId);
    const oldest = this.sql.oldest.get(pointId)?.ts;
    if (oldest === null || oldest === undefined) return;
    // One minute of overlap with the previous pass: a sample recorded late lands in a reduced minute.
    let from = Math.max(after, floorMinute(done === undefined ? oldest : Math.max(oldest, done - MINUTE_MS)));
    while (from < before && !this.stopped) {
      const to = Math.min(before, from + this.chunkMs);
      this.db.transaction(() => {
        for (const { minute, mean } of this.sql.minutes.all(pointId, from, to)) {
          report.rawRowsReplaced += this.sql.removeMinute.run(pointId, minute, minute + MINUTE_MS).changes;
          this.sql.insertMean.run(pointId, minute, mean);
          report.minutesAveraged++;
        }
      })();
      report.chunks++;
      from = to;
      this.averagedBefore.set(pointId, to);
      await yieldToEventLoop();
    }
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
