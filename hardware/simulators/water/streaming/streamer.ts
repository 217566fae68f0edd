/**
 * The sensor side of a free-running ASCII instrument: every `periodMs` it sends the next line(s)
 * from `nextLines()`, paced at the line's baud (pacing.ts), with faults on demand applied per line:
 * `silent` (line not sent), `garbage` (noise sent instead), `truncated` (line cut short, terminator
 * kept, as when a cable glitches mid-line), `wrong-crc` (a checksum digit damaged; NMEA formats only).
 */
import { silentLogger, type Logger } from '@phare/device-drivers/contract.ts';
import type { SerialSettings } from '@phare/device-drivers/transports/contract.ts';
import { garbageBytes, type SerialFaults } from '../faults.ts';
import { pacedWrite } from '../pacing.ts';
import type { SimLine } from '../sim-line.ts';

/** Streaming instruments' usual line: 9600 8N1 (protocols.md §4.2, "ASCII or NMEA streaming"). */
export const STREAMING_LINE: SerialSettings = { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 };

export interface StreamerOptions {
  line: SimLine;
  serial: SerialSettings;
  terminator: '\r\n' | '\r';
  periodMs: number;
  /** Lines for this period, without terminator. */
  nextLines(): string[];
  faults: SerialFaults;
  logger?: Logger;
}

export interface Streamer {
  readonly counters: { lines: number; faultsApplied: number };
  stop(): void;
}

/** Damages the checksum of `$…*hh` (the last hex digit); other lines are returned unchanged. */
function damageChecksum(line: string): string {
  const match = /^(.*\*[0-9A-F])([0-9A-F])$/i.exec(line);
  if (!match) return line;
  const digit = parseInt(match[2]!, 16);
  return match[1]! + ((digit + 1) % 16).toString(16).toUpperCase();
}

export function startStreamer(options: StreamerOptions): Streamer {
  const { line, faults, terminator } = options;
  const logger = (options.logger ?? silentLogger).child('streamer');
  const counters = { lines: 0, faultsApplied: 0 };
  let busy = false;
  const tick = async (): Promise<void> => {
    if (busy) return; // the previous period's lines are still on the wire
    busy = true;
    try {
      for (const text of options.nextLines()) {
        if (faults.take('silent')) {
          counters.faultsApplied++;
          continue;
        }
        let out = text;
        if (faults.take('garbage')) {
          counters.faultsApplied++;
          out = garbageBytes(7);
        } else if (faults.take('truncated')) {
          counters.faultsApplied++;
          out = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
        } else if (faults.isActive('wrong-crc') && /\*[0-9A-F]{2}$/i.test(text) && faults.take('wrong-crc')) {
          counters.faultsApplied++;
          out = damageChecksum(text);
        }
        await pacedWrite((data) => line.write(data), out + terminator, options.serial);
        counters.lines++;
      }
    } catch (error) {
      logger.debug('line not sent', { error: String(error) });
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), options.periodMs);
  return { counters, stop: () => clearInterval(timer) };
}
