/**
 * The sensor side of an SDI-12 line on a pty or a serial-tcp server: collects command characters up
 * to `!`, hands each command to the sensors, and sends the answer as a sensor would at 1200 baud:
 * 8.33 ms of marking, then 8.33 ms per character (Vaisala WXT536 App. B p.197; pacing.ts).
 *
 * Break: a pty or a TCP socket cannot carry one (protocols.md §7.3), so the bus emulates the wake-up:
 * every command is treated as preceded by a break. A NUL byte, which is how a UART reads a break,
 * is skipped rather than taken as part of a command.
 *
 * Faults (faults.ts), applied to the next answer: `silent` (no answer), `garbage` (noise bytes before
 * it), `wrong-crc` (the CRC of a CRC answer damaged), `truncated` (cut before its end, no CR LF),
 * `wrong-address` (the answer comes from another address, CRC recomputed as that sensor would).
 */
import { silentLogger, type Logger } from '@phare/device-drivers/contract.ts';
import type { SerialSettings } from '@phare/device-drivers/transports/contract.ts';
import { garbageBytes, type SerialFaults } from '../faults.ts';
import { pacedWrite, characterMs } from '../pacing.ts';
import type { SimLine } from '../sim-line.ts';
import { renderResponse, type SimResponse, type Sdi12SimSensor } from './sensor.ts';

export const SDI12_LINE: SerialSettings = { baudRate: 1200, dataBits: 7, parity: 'even', stopBits: 1 };

export interface Sdi12BusCounters {
  commands: number;
  answers: number;
  serviceRequests: number;
  faultsApplied: number;
}

export interface Sdi12Bus {
  readonly counters: Sdi12BusCounters;
  /** Commands received, newest last (the last 50), for tests and the control API. */
  readonly log: string[];
  stop(): void;
}

const MAX_COMMAND = 20;

export function startSdi12Bus(options: {
  line: SimLine;
  sensors: Sdi12SimSensor[];
  faults: SerialFaults;
  logger?: Logger;
}): Sdi12Bus {
  const { line, sensors, faults } = options;
  const logger = (options.logger ?? silentLogger).child('sdi12-bus');
  const counters: Sdi12BusCounters = { commands: 0, answers: 0, serviceRequests: 0, faultsApplied: 0 };
  const log: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let pending = '';
  let tail: Promise<void> = Promise.resolve();
  const markingMs = characterMs(SDI12_LINE);

  const send = (text: string): void => {
    tail = tail
      .then(() => pacedWrite((data) => line.write(data), text, SDI12_LINE, markingMs))
      .catch((error: unknown) => logger.debug('answer not sent', { error: String(error) }));
  };

  const answer = (sensor: Sdi12SimSensor, response: SimResponse): void => {
    if (faults.take('silent')) {
      counters.faultsApplied++;
      return;
    }
    let text = renderResponse(response);
    if (faults.take('wrong-address')) {
      counters.faultsApplied++;
      const other = sensor.address === '9' ? '8' : String.fromCharCode(sensor.address.charCodeAt(0) + 1);
      text = renderResponse({ ...response, body: other + response.body.slice(1) });
    }
    if (response.crc && faults.take('wrong-crc')) {
      counters.faultsApplied++;
      const crcEnd = text.length - 2;
      const last = text.charCodeAt(crcEnd - 1);
      text =
        text.slice(0, crcEnd - 1) + String.fromCharCode(last === 0x7f ? 0x40 : last + 1) + text.slice(crcEnd);
    }
    if (faults.take('truncated')) {
      counters.faultsApplied++;
      text = text.slice(0, Math.max(1, text.length - 4));
    }
    if (faults.take('garbage')) {
      counters.faultsApplied++;
      text = garbageBytes() + text;
    }
    counters.answers++;
    send(text);
    if (response.serviceRequestAfterMs !== undefined) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        // The measurement may have been aborted by another command meanwhile.
        if (!sensor.awaitingServiceRequest(response.measurement ?? -1)) return;
        sensor.serviceRequestSent();
        counters.serviceRequests++;
        send(`${sensor.address}\r\n`);
      }, response.serviceRequestAfterMs);
      timers.add(timer);
    }
  };

  line.onData((chunk) => {
    pending += chunk.toString('latin1').replace(/\0/g, '');
    for (;;) {
      const end = pending.indexOf('!');
      if (end < 0) break;
      const command = pending.slice(0, end + 1).replace(/^[^0-9A-Za-z?]+/, '');
      pending = pending.slice(end + 1);
      counters.commands++;
      log.push(command);
      if (log.length > 50) log.shift();
      const now = Date.now();
      for (const sensor of sensors) {
        const response = sensor.handle(command, now);
        if (response) {
          answer(sensor, response);
          break;
        }
      }
    }
    if (pending.length > MAX_COMMAND) pending = '';
  });

  return {
    counters,
    log,
    stop: () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
