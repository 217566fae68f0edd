/**
 * An SDI-12 sensor as a state machine (protocols.md §4.1, standard §4.4): it answers one command with
 * one response and may later send a service request. Pure: no I/O and no timers; the bus (bus.ts)
 * delivers commands, applies faults and timing, and schedules the service request.
 *
 * Commands: `?!`, `a!`, `aI!`, `aAb!`, `aM[C][n]!`, `aC[C][n]!`, `aD0!`…`aD9!`, `aR[C]n!`.
 * An M measurement is aborted by any other command to this sensor before its service request
 * (§4.4.5, protocols.md §4.1); D on a measurement without data answers `a` with no values.
 */
import { appendSdi12Crc } from '@phare/device-drivers/serial-sensors/sdi12/crc.ts';
import { formatSdi12Value } from '@phare/device-drivers/serial-sensors/sdi12/values.ts';

export interface SimValue {
  value: number;
  decimals: number;
}

/** A measurement set: how long it takes and what it yields. */
export interface SimMeasurement {
  seconds: number;
  values: () => SimValue[];
}

export interface Sdi12SensorSpec {
  address: string;
  /** 8 characters (padded). */
  vendor: string;
  /** 6 characters (padded). */
  model: string;
  /** 3 characters. */
  version: string;
  /** Optional identification field, up to 13 characters. */
  serial?: string;
  /** By base command: `M`, `M1`…`M9` (C and C1… use the same sets), `R0`…`R9`. */
  measurements: Record<string, SimMeasurement>;
}

/** What the sensor sends: `body` without CRC; `crc` when the CRC variant was asked for. */
export interface SimResponse {
  body: string;
  crc: boolean;
  /** M with ttt > 0: a service request is due after this many ms. */
  serviceRequestAfterMs?: number;
  /** Which measurement the service request belongs to (a retried M starts a new one). */
  measurement?: number;
}

/** Characters of values per D response (§4.4.8): 35 after M/V, 75 after C and for R. */
const VALUE_LIMIT = { M: 35, C: 75, R: 75 } as const;

interface DataBuffer {
  kind: 'M' | 'C';
  crc: boolean;
  groups: string[];
  /** C: data are not there before this time (ms since epoch). */
  readyAt: number;
  /** M waiting for its service request; aborted if another command comes first. */
  pendingServiceRequest: boolean;
  /** Sequence number of this measurement. */
  measurement: number;
}

export class Sdi12SimSensor {
  address: string;
  private data: DataBuffer | undefined;
  private measurements = 0;

  constructor(private readonly spec: Sdi12SensorSpec) {
    this.address = spec.address;
  }

  /** Answers a command addressed to this sensor (or `?!`); undefined = no answer. */
  handle(command: string, now: number): SimResponse | undefined {
    const a = this.address;
    if (command === '?!') return { body: a, crc: false };
    if (command.charAt(0) !== a || !command.endsWith('!')) return undefined;
    const rest = command.slice(1, -1);
    if (this.data?.pendingServiceRequest && !/^D\d$/.test(rest)) {
      // Any command but D aborts a pending M measurement (§4.4.5).
      this.data = undefined;
    }
    if (rest === '') return { body: a, crc: false };
    if (rest === 'I') return { body: this.identification(), crc: false };
    const change = /^A([0-9A-Za-z])$/.exec(rest);
    if (change) {
      this.address = change[1]!;
      return { body: this.address, crc: false };
    }
    const start = /^([MC])(C)?([1-9])?$/.exec(rest);
    if (start) return this.startMeasurement(start[1] as 'M' | 'C', start[2] === 'C', start[3] ?? '', now);
    const data = /^D(\d)$/.exec(rest);
    if (data) return this.sendData(Number(data[1]), now);
    const continuous = /^R(C)?(\d)$/.exec(rest);
    if (continuous) {
      const set = this.spec.measurements[`R${continuous[2]}`];
      const groups = set ? groupValues(set.values(), VALUE_LIMIT.R) : [];
      return { body: a + (groups[0] ?? ''), crc: continuous[1] === 'C' };
    }
    return undefined;
  }

  /**
   * Measurement `id` is still running and has not sent its service request (not aborted, and not
   * replaced by a retried M whose own service request is due later).
   */
  awaitingServiceRequest(id: number): boolean {
    return this.data?.pendingServiceRequest === true && this.data.measurement === id;
  }

  /** Marks the pending M measurement as delivered (the bus sent its service request). */
  serviceRequestSent(): void {
    if (this.data) this.data.pendingServiceRequest = false;
  }

  private startMeasurement(kind: 'M' | 'C', crc: boolean, index: string, now: number): SimResponse {
    const set = this.spec.measurements[`M${index}`];
    const countDigits = kind === 'M' ? 1 : 2;
    if (!set) {
      this.data = undefined;
      return { body: `${this.address}000${'0'.repeat(countDigits)}`, crc: false };
    }
    const values = set.values();
    const seconds = Math.min(999, Math.max(0, Math.round(set.seconds)));
    this.data = {
      kind,
      crc,
      groups: groupValues(values, VALUE_LIMIT[kind]),
      readyAt: now + seconds * 1000,
      pendingServiceRequest: kind === 'M' && seconds > 0,
      measurement: ++this.measurements,
    };
    const body = `${this.address}${String(seconds).padStart(3, '0')}${String(values.length).padStart(countDigits, '0')}`;
    return kind === 'M' && seconds > 0
      ? { body, crc: false, serviceRequestAfterMs: seconds * 1000, measurement: this.measurements }
      : { body, crc: false };
  }

  private sendData(index: number, now: number): SimResponse {
    const data = this.data;
    if (!data || data.pendingServiceRequest || now < data.readyAt)
      return { body: this.address, crc: data?.crc ?? false };
    return { body: this.address + (data.groups[index] ?? ''), crc: data.crc };
  }

  private identification(): string {
    const { vendor, model, version, serial } = this.spec;
    return `${this.address}13${vendor.padEnd(8).slice(0, 8)}${model.padEnd(6).slice(0, 6)}${version.padEnd(3).slice(0, 3)}${(serial ?? '').slice(0, 13)}`;
  }
}

/** Splits formatted values into D groups of at most `limit` characters each. */
function groupValues(values: SimValue[], limit: number): string[] {
  const groups: string[] = [];
  let current = '';
  for (const { value, decimals } of values) {
    const text = formatSdi12Value(value, decimals);
    if (current.length + text.length > limit) {
      groups.push(current);
      current = '';
    }
    current += text;
  }
  if (current !== '') groups.push(current);
  return groups;
}

/** The response line as sent: body, CRC when asked, CR LF. */
export function renderResponse(response: SimResponse): string {
  return `${response.crc ? appendSdi12Crc(response.body) : response.body}\r\n`;
}
