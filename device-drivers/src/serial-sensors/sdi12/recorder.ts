/**
 * The SDI-12 recorder's command set over one line (protocols.md §4.1, standard §4.4):
 * address query `?!`, acknowledge `a!`, identification `aI!`, address change `aAb!`, measurements
 * `aM[C][n]!` (service request `a<CR><LF>` awaited up to ttt s), concurrent `aC[C][n]!` (no service
 * request; the line is free for other sensors while it runs), continuous `aR[C]n!`, and the data
 * commands `aD0!`…`aD9!` repeated until all n values came back (Campbell CS451 manual p.40).
 *
 * Values keep their text exactly as sent (values.ts). Errors are those of line.ts.
 */
import { ProtocolException } from '../../errors.ts';
import {
  measurementCommandText,
  parseIdentification,
  parseMeasurementStart,
  sendDataCommandText,
  isSdi12Address,
  type Sdi12Identification,
  type Sdi12MeasurementCommand,
  type Sdi12MeasurementStart,
} from './commands.ts';
import { Sdi12Line } from './line.ts';
import { parseSdi12Values, type Sdi12Value } from './values.ts';

export interface Sdi12Measurement {
  address: string;
  /** The measurement command sent, e.g. `0MC1!`. */
  command: string;
  /** ttt of the M/C answer; 0 for R. */
  readySeconds: number;
  /** n of the M/C answer; for R, the number of values returned. */
  valueCount: number;
  values: Sdi12Value[];
  /** M with ttt > 0: whether the service request came before ttt ran out. */
  serviceRequest?: boolean;
  /** Every data response line as received, less its CRC once checked. */
  responses: string[];
  /** When the last value arrived (ms since epoch). */
  receivedAt: number;
}

const MAX_DATA_COMMANDS = 10; // aD0! … aD9! (§4.4.8)

export class Sdi12Recorder {
  constructor(readonly line: Sdi12Line) {}

  /** `?!`: the address of the only sensor on the line. */
  addressQuery(): Promise<string> {
    return this.line.hold(() =>
      this.line.exchange({
        command: '?!',
        address: undefined,
        crc: false,
        expected: 'a (one address character)',
        parse: (line) => (line.length === 1 && isSdi12Address(line) ? line : undefined),
      }),
    );
  }

  /** `a!`: resolves when the sensor acknowledges. */
  acknowledge(address: string): Promise<void> {
    return this.line
      .hold(() =>
        this.line.exchange({
          command: `${address}!`,
          address,
          crc: false,
          expected: 'a',
          parse: (line) => (line === address ? true : undefined),
        }),
      )
      .then(() => undefined);
  }

  identify(address: string): Promise<Sdi12Identification> {
    return this.line.hold(() =>
      this.line.exchange({
        command: `${address}I!`,
        address,
        crc: false,
        expected: 'allccccccccmmmmmmvvv[xxx…] (aI! response, §4.4.4)',
        parse: parseIdentification,
      }),
    );
  }

  /** `aAb!`: the sensor answers from its new address. */
  changeAddress(from: string, to: string): Promise<void> {
    if (!isSdi12Address(to)) {
      return Promise.reject(new ProtocolException(`${this.line.device}: "${to}" is not an SDI-12 address`));
    }
    return this.line
      .hold(() =>
        this.line.exchange({
          command: `${from}A${to}!`,
          address: to,
          crc: false,
          expected: 'b (the new address)',
          parse: (line) => (line === to ? true : undefined),
        }),
      )
      .then(() => undefined);
  }

  /** Runs M, C or R and collects every value it announced. */
  measure(address: string, command: Sdi12MeasurementCommand): Promise<Sdi12Measurement> {
    if (command.kind === 'R') return this.line.hold(() => this.continuous(address, command));
    if (command.kind === 'M') return this.line.hold(() => this.measureM(address, command));
    return this.concurrent(address, command);
  }

  /** `aM[C][n]!` and, when it answers with ttt > 0, the wait for its service request; then D0…. */
  private async measureM(address: string, command: Sdi12MeasurementCommand): Promise<Sdi12Measurement> {
    const text = measurementCommandText(address, command);
    const start = await this.start(address, text, 'M');
    let serviceRequest: boolean | undefined;
    if (start.readySeconds > 0 && start.valueCount > 0) {
      // The sensor sends `a<CR><LF>` when done, at the latest after ttt s (§4.4.5); without it the
      // recorder asks for the data once ttt has run out (Campbell RainVUE manual §C.1.10).
      serviceRequest = await this.line.awaitServiceRequest(
        address,
        start.readySeconds * 1000 + this.line.responseTimeoutMs,
      );
    }
    const collected = await this.collect(address, start.valueCount, command.crc, text);
    return {
      address,
      command: text,
      readySeconds: start.readySeconds,
      valueCount: start.valueCount,
      ...collected,
      ...(serviceRequest === undefined ? {} : { serviceRequest }),
    };
  }

  /** `aC[C][n]!`: the line is released for ttt s (other sensors may be addressed), then D0…. */
  private async concurrent(address: string, command: Sdi12MeasurementCommand): Promise<Sdi12Measurement> {
    const text = measurementCommandText(address, command);
    const start = await this.line.hold(() => this.start(address, text, 'C'));
    if (start.readySeconds > 0 && start.valueCount > 0)
      await new Promise((resolve) => setTimeout(resolve, start.readySeconds * 1000));
    const collected = await this.line.hold(() => this.collect(address, start.valueCount, command.crc, text));
    return {
      address,
      command: text,
      readySeconds: start.readySeconds,
      valueCount: start.valueCount,
      ...collected,
    };
  }

  private async continuous(address: string, command: Sdi12MeasurementCommand): Promise<Sdi12Measurement> {
    const text = measurementCommandText(address, command);
    const { values, raw } = await this.line.exchange({
      command: text,
      address,
      crc: command.crc,
      expected: 'a<values> (R response, formatted like D)',
      parse: (line) => valuesOf(line),
    });
    return {
      address,
      command: text,
      readySeconds: 0,
      valueCount: values.length,
      values,
      responses: [raw],
      receivedAt: Date.now(),
    };
  }

  private start(address: string, text: string, kind: 'M' | 'C'): Promise<Sdi12MeasurementStart> {
    return this.line.exchange({
      command: text,
      address,
      crc: false,
      expected: kind === 'M' ? 'atttn' : 'atttnn',
      parse: (line) => parseMeasurementStart(line, kind),
    });
  }

  /** aD0!, aD1!, … until `count` values came back (§4.4.8). */
  private async collect(
    address: string,
    count: number,
    crc: boolean,
    measurement: string,
  ): Promise<{ values: Sdi12Value[]; responses: string[]; receivedAt: number }> {
    const values: Sdi12Value[] = [];
    const responses: string[] = [];
    for (let index = 0; values.length < count; index++) {
      const command = sendDataCommandText(address, index);
      if (index >= MAX_DATA_COMMANDS) {
        throw new ProtocolException(
          `${this.line.device}: ${measurement} announced ${count} values but aD0!…aD9! returned ${values.length}`,
          {
            device: this.line.device,
            detail: { command: measurement, address, announced: count, received: values.length },
          },
        );
      }
      const got = await this.line.exchange({
        command,
        address,
        crc,
        expected: 'a<values>',
        parse: (line) => valuesOf(line),
      });
      responses.push(got.raw);
      if (got.values.length === 0) {
        throw new ProtocolException(
          `${this.line.device}: ${command} after ${measurement} returned no values (${values.length} of ${count} read): the measurement was aborted or its data lost`,
          {
            device: this.line.device,
            detail: { command, measurement, address, announced: count, received: values.length },
          },
        );
      }
      values.push(...got.values);
    }
    if (values.length > count) {
      throw new ProtocolException(
        `${this.line.device}: ${measurement} announced ${count} values but the sensor sent ${values.length}`,
        {
          device: this.line.device,
          detail: { command: measurement, address, announced: count, received: values.length },
        },
      );
    }
    return { values, responses, receivedAt: Date.now() };
  }
}

/** `a<values>` → the values; the raw line kept for the record. */
function valuesOf(line: string): { values: Sdi12Value[]; raw: string } | undefined {
  const values = parseSdi12Values(line.slice(1));
  return values === undefined ? undefined : { values, raw: line };
}
