/**
 * Profile-driven driver for free-running ASCII instruments (contract.ts): a MaxBotix-like
 * ultrasonic sensor streaming `R####<CR>`, an NMEA-like radar streaming `$RDAVG,…*hh<CR><LF>`
 * (protocols.md §4.2). The profile gives the sentences (regex with named groups), the checksum rule,
 * the terminator and a maximum age; each point is one named group of one sentence, scaled.
 *
 * Streams are not polled: the driver listens to the link from its first read on and keeps, per link,
 * the latest good values with their arrival time (stream-state.ts). `read` then answers:
 * - the value, when the latest line of its sentence was good and is younger than maxAgeMs;
 * - `bad` (value null), when a bad line (noise, truncated, wrong checksum) came after the last good one;
 * - Timeout, when nothing fresh arrived: never stale data as fresh.
 * State lives per link (WeakMap), so a reconnect starts clean. Writes are refused (NotSupported).
 */
import {
  silentLogger,
  type Driver,
  type DriverPointInfo,
  type Logger,
  type PointReading,
  type PointWrite,
  type ReadRequest,
  type WriteReport,
} from '../../contract.ts';
import { ConfigInvalid, NotSupported, Timeout, UnknownPoint } from '../../errors.ts';
import type { SerialSensorLink } from '../link.ts';
import { scaled, type AsciiLineFormat, type AsciiLinePointDef } from '../point-def.ts';
import { compileSentences, type CompiledSentence } from './classify.ts';
import { StreamState, type StreamStatistics } from './stream-state.ts';

export interface AsciiLineSensorOptions {
  format: AsciiLineFormat;
  points: AsciiLinePointDef[];
  deviceId?: string;
  logger?: Logger;
}

export class AsciiLineSensorDriver implements Driver<SerialSensorLink> {
  readonly protocol = 'ascii-line';
  private readonly device: string;
  private readonly compiled: CompiledSentence[];
  private readonly defs = new Map<string, AsciiLinePointDef>();
  private readonly states = new WeakMap<SerialSensorLink, StreamState>();
  private readonly logger: Logger;

  constructor(private readonly options: AsciiLineSensorOptions) {
    this.device = options.deviceId ?? 'ASCII line sensor';
    this.logger = (options.logger ?? silentLogger).child('ascii-line');
    try {
      this.compiled = compileSentences(options.format.sentences);
    } catch (error) {
      throw new ConfigInvalid(
        `${this.device}: a sentence pattern is not a valid regular expression (${String(error)})`,
        {
          device: this.device,
          cause: error,
        },
      );
    }
    for (const def of options.points) {
      const where = `${this.device} point ${def.id}`;
      if (this.defs.has(def.id))
        throw new ConfigInvalid(`${where}: defined twice`, { device: this.device, point: def.id });
      const sentence = options.format.sentences.find((s) => s.id === def.sentence);
      if (!sentence)
        throw new ConfigInvalid(`${where}: no sentence "${def.sentence}" in the profile`, {
          device: this.device,
          point: def.id,
        });
      if (!sentence.pattern.includes(`(?<${def.group}>`))
        throw new ConfigInvalid(`${where}: sentence ${sentence.id} has no named group "${def.group}"`, {
          device: this.device,
          point: def.id,
        });
      this.defs.set(def.id, def);
    }
  }

  points(): DriverPointInfo[] {
    return this.options.points.map((def) => ({
      id: def.id,
      type: 'number' as const,
      access: 'read' as const,
      ...(def.unit === undefined ? {} : { unit: def.unit }),
      ...(def.range === undefined ? {} : { range: def.range }),
      ...(def.pollGroup === undefined ? {} : { pollGroup: def.pollGroup }),
    }));
  }

  /** One request per sentence: its points share one line's freshness. */
  planReads(pointIds: string[]): ReadRequest[] {
    const bySentence = new Map<string, string[]>();
    for (const id of new Set(pointIds)) {
      const def = this.definition(id);
      bySentence.set(def.sentence, [...(bySentence.get(def.sentence) ?? []), id]);
    }
    return [...bySentence].map(([sentence, points]) => ({
      key: `sentence ${sentence}`,
      unit: 'stream',
      points,
    }));
  }

  /** Starts listening on a link before the first read (optional: read() attaches too). */
  attach(link: SerialSensorLink): StreamState {
    let state = this.states.get(link);
    if (state) return state;
    state = new StreamState(this.options.format, this.compiled, this.logger, this.device);
    this.states.set(link, state);
    for (const line of link.recentLines()) state.accept(line);
    const listening = state;
    link.onLine((line) => listening.accept(line));
    return state;
  }

  read(link: SerialSensorLink, request: ReadRequest): Promise<PointReading[]> {
    try {
      return Promise.resolve(this.readNow(link, request, Date.now()));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  private readNow(link: SerialSensorLink, request: ReadRequest, now: number): PointReading[] {
    const state = this.attach(link);
    const maxAge = this.options.format.maxAgeMs;
    return request.points.map((id): PointReading => {
      const def = this.definition(id);
      const sentence = state.sentence(def.sentence)!;
      const { goodAt, badAt } = sentence;
      if (badAt !== undefined && now - badAt <= maxAge && (goodAt === undefined || badAt > goodAt))
        return { point: id, value: null, quality: 'bad', sourceTime: badAt };
      const value = sentence.groups[def.group];
      if (goodAt === undefined || value === undefined || now - goodAt > maxAge) {
        const age = goodAt === undefined ? 'no good line yet' : `last good line ${now - goodAt} ms ago`;
        throw new Timeout(
          `${this.device} point ${id}: no fresh ${def.sentence} line within ${maxAge} ms on ${link.description} (${age})`,
          {
            device: this.device,
            point: id,
            detail: {
              sentence: def.sentence,
              maxAgeMs: maxAge,
              ageMs: goodAt === undefined ? null : now - goodAt,
              lastProblem: sentence.lastProblem,
            },
          },
        );
      }
      return { point: id, value: scaled(value, def), quality: 'good', sourceTime: goodAt };
    });
  }

  /** Line counters for this link (good, bad, checksum errors, garbage). */
  statistics(link: SerialSensorLink): StreamStatistics {
    return { ...this.attach(link).stats };
  }

  /** The exact text of a point's latest good value, as the instrument sent it. */
  rawText(link: SerialSensorLink, pointId: string): string | undefined {
    const def = this.definition(pointId);
    return this.attach(link).sentence(def.sentence)?.texts[def.group];
  }

  write(_link: SerialSensorLink, writes: PointWrite[]): Promise<WriteReport> {
    return Promise.resolve({
      outcomes: writes.map(({ point }) => ({
        point,
        ok: false,
        error: new NotSupported(`${this.device} point ${point}: a streaming instrument takes no writes`, {
          device: this.device,
          point,
        }),
      })),
      commands: [],
    });
  }

  private definition(id: string): AsciiLinePointDef {
    const def = this.defs.get(id);
    if (!def)
      throw new UnknownPoint(`${this.device} has no point "${id}"`, { device: this.device, point: id });
    return def;
  }
}
