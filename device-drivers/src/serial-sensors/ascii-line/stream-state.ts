/**
 * What a driver knows about a free-running instrument on one link: per sentence, the latest good
 * values with their arrival time, and the time of the latest bad line that concerns it. Bad lines
 * (noise, truncated, bad checksum) only count and mark; they never become values. A line that cannot
 * be told apart (noise) concerns every sentence.
 */
import type { Logger } from '../../contract.ts';
import type { ReceivedLine } from '../link.ts';
import type { AsciiLineFormat } from '../point-def.ts';
import { classifyLine, type CompiledSentence } from './classify.ts';

export interface SentenceState {
  groups: Record<string, number>;
  texts: Record<string, string>;
  goodAt: number | undefined;
  badAt: number | undefined;
  lastProblem: string | undefined;
}

export interface StreamStatistics {
  goodLines: number;
  badLines: number;
  checksumErrors: number;
  garbageLines: number;
  lastProblem: string | undefined;
}

export class StreamState {
  readonly stats: StreamStatistics = {
    goodLines: 0,
    badLines: 0,
    checksumErrors: 0,
    garbageLines: 0,
    lastProblem: undefined,
  };
  private readonly sentences = new Map<string, SentenceState>();

  constructor(
    private readonly format: AsciiLineFormat,
    private readonly compiled: CompiledSentence[],
    private readonly logger: Logger,
    private readonly device: string,
  ) {
    for (const s of compiled)
      this.sentences.set(s.id, {
        groups: {},
        texts: {},
        goodAt: undefined,
        badAt: undefined,
        lastProblem: undefined,
      });
  }

  sentence(id: string): SentenceState | undefined {
    return this.sentences.get(id);
  }

  accept(line: ReceivedLine): void {
    const verdict = line.overflow
      ? {
          kind: 'garbage' as const,
          sentence: undefined,
          detail: `no terminator within ${line.text.length} characters`,
        }
      : classifyLine(this.format, this.compiled, line.text);
    if (verdict.kind === 'good') {
      const state = this.sentences.get(verdict.sentence)!;
      state.groups = verdict.groups;
      state.texts = verdict.texts;
      state.goodAt = line.receivedAt;
      this.stats.goodLines++;
      return;
    }
    this.stats.badLines++;
    if (verdict.kind === 'checksum') this.stats.checksumErrors++;
    else this.stats.garbageLines++;
    this.stats.lastProblem = verdict.detail;
    this.logger.debug('bad line from a streaming sensor', {
      device: this.device,
      kind: verdict.kind,
      detail: verdict.detail,
    });
    const concerned =
      verdict.sentence === undefined ? [...this.sentences.values()] : [this.sentences.get(verdict.sentence)!];
    for (const state of concerned) {
      state.badAt = line.receivedAt;
      state.lastProblem = verdict.detail;
    }
  }
}
