/**
 * The gateway's background poller: in idle bus time it sends QUERY ACTUAL LEVEL and QUERY STATUS to each
 * commissioned gear in turn and keeps the answers in a cache that Modbus reads are served from
 * (protocols.md §1.2: "Gateways queue commands and poll in the background"). A full sweep of 64 gear
 * takes about 6 s, so values a client reads lag the lamps, as with a real gateway.
 *
 * - An unanswered query marks the gear as not responding (the gateway then answers exception 0x0B);
 *   the next answer marks it responding again.
 * - "Update All ECG Status" and configuration commands also re-read the configuration
 *   (levels, fade time and rate, device type), one query per value.
 * - The cache starts from the model: the simulated gateway was commissioned and has polled before.
 */
import {
  addressMatches,
  command,
  shortAddress as gearShort,
  type DecodedForwardFrame,
  type GearCommandName,
} from '@phare/device-drivers/dali/index.ts';
import type { BackgroundQuery, QueryReply } from './bus.ts';
import { reportFromModel, type GearReport, type GearView } from './gear-view.ts';
import type { DaliLine } from './line.ts';

interface PollTask {
  shortAddress: number;
  query: GearCommandName;
  /** Marks the last task of an "update all" sweep. */
  endsUpdate?: boolean;
  /** A read-back after a command: repeated while the level still moves (a fade), then dropped. */
  follow?: boolean;
}

/** Which cache field each query fills, and how (protocols.md §1.5 answers). */
const CONFIG_QUERIES: readonly [GearCommandName, (report: GearReport, answer: number) => void][] = [
  ['QUERY DEVICE TYPE', (r, a) => (r.deviceType = a)],
  ['QUERY PHYSICAL MINIMUM', (r, a) => (r.physicalMinLevel = a)],
  ['QUERY MIN LEVEL', (r, a) => (r.minLevel = a)],
  ['QUERY MAX LEVEL', (r, a) => (r.maxLevel = a)],
  ['QUERY POWER ON LEVEL', (r, a) => (r.powerOnLevel = a)],
  ['QUERY SYSTEM FAILURE LEVEL', (r, a) => (r.systemFailureLevel = a)],
  [
    'QUERY FADE TIME/FADE RATE',
    (r, a) => {
      r.fadeTimeX = a >> 4;
      r.fadeRateX = a & 0x0f;
    },
  ],
];

const STATE_QUERIES: readonly [GearCommandName, (report: GearReport, answer: number) => void][] = [
  ['QUERY ACTUAL LEVEL', (r, a) => (r.arc = a)],
  ['QUERY STATUS', (r, a) => (r.status = a)],
];

const APPLY = new Map([...CONFIG_QUERIES, ...STATE_QUERIES]);

export class PolledGearView implements GearView {
  private readonly cache = new Map<number, GearReport>();
  /** Work that jumps ahead of the routine sweep (update all, configuration re-reads). */
  private priority: PollTask[] = [];
  private sweep: PollTask[] = [];
  private updatePending = false;

  constructor(private readonly line: DaliLine) {
    this.reload();
    line.bus.onCommand((decoded) => this.commanded(decoded));
  }

  /**
   * After a command frame the gateway reads the addressed gear back first (QUERY ACTUAL LEVEL), and
   * keeps reading a gear while its level moves, so a client sees a change, and a fade, without waiting
   * for the routine sweep. Gateways that poll in the background give recently commanded gear priority
   * for the same reason (protocols.md §1.2: a sweep of 64 gear takes seconds).
   */
  private commanded(decoded: DecodedForwardFrame): void {
    if (decoded.address === undefined) return;
    const target = decoded.address;
    for (const gear of this.line.gear) {
      if (!addressMatches(target, { shortAddress: gear.shortAddress, groups: gear.groups })) continue;
      const shortAddress = gear.settings.shortAddress;
      const queued = this.priority.some((t) => t.follow && t.shortAddress === shortAddress);
      if (!queued) this.priority.push({ shortAddress, query: 'QUERY ACTUAL LEVEL', follow: true });
    }
    // No kick: this runs while the bus transmits the command; the read-backs go out when its slot ends.
  }

  /** Refills the cache from the model, as after a fresh commissioning (start, control API reset). */
  reload(): void {
    this.cache.clear();
    const now = this.line.clock.now();
    for (const gear of this.line.gear) this.cache.set(gear.settings.shortAddress, reportFromModel(gear, now));
    this.priority = [];
    this.sweep = [];
    this.updatePending = false;
  }

  report(shortAddress: number): GearReport | undefined {
    return this.cache.get(shortAddress);
  }

  commissioned(): number[] {
    return [...this.cache.keys()].sort((a, b) => a - b);
  }

  get updating(): boolean {
    return this.updatePending;
  }

  requestUpdate(): void {
    if (this.updatePending) return;
    const tasks = this.allTasks([...STATE_QUERIES, ...CONFIG_QUERIES]);
    if (tasks.length === 0) return;
    tasks[tasks.length - 1]!.endsUpdate = true;
    this.updatePending = true;
    this.priority.push(...tasks);
    this.line.bus.kick();
  }

  configurationChanged(): void {
    this.priority.push(...this.allTasks(CONFIG_QUERIES));
    this.line.bus.kick();
  }

  /** The bus calls this in idle time; the poller never runs out of work while gear are commissioned. */
  readonly nextQuery = (): BackgroundQuery | undefined => {
    if (this.sweep.length === 0 && this.priority.length === 0) this.sweep = this.allTasks(STATE_QUERIES);
    const task = this.priority.shift() ?? this.sweep.shift();
    if (!task) return undefined;
    return {
      frame: command(gearShort(task.shortAddress), task.query),
      onReply: (reply) => this.record(task, reply),
    };
  };

  private record(task: PollTask, reply: QueryReply): void {
    const report = this.cache.get(task.shortAddress);
    if (task.endsUpdate) this.updatePending = false;
    if (!report) return;
    // A collision means two gear share the address: the gateway cannot read it either.
    if (reply === undefined || reply === 'collision') {
      report.responding = false;
      return;
    }
    report.responding = true;
    const before = report.arc;
    APPLY.get(task.query)?.(report, reply);
    // Keep following a gear whose level moved since the last read-back: it is fading.
    // The status is read along, so a client sees the fade-running bit while it lasts.
    if (task.follow && report.arc !== before) {
      this.priority.push(task, { shortAddress: task.shortAddress, query: 'QUERY STATUS' });
    }
  }

  private allTasks(queries: readonly [GearCommandName, unknown][]): PollTask[] {
    return this.commissioned().flatMap((shortAddress) => queries.map(([query]) => ({ shortAddress, query })));
  }
}
