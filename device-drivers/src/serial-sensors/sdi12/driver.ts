/**
 * Profile-driven SDI-12 sensor driver (contract.ts): each point is value number `valueIndex` of a
 * measurement command (`M`, `MC1`, `C`, `R0`…). `planReads` makes one request per command; `read`
 * runs that measurement (M/C + wait + D0…, or R) through the link's recorder and returns the values.
 * SDI-12 sensors take no writes here: every write is refused with NotSupported.
 *
 * Break on links that cannot carry one (pty, TCP): see line.ts; `breakNote(link)` says which applies.
 */
import type {
  Driver,
  DriverPointInfo,
  PointReading,
  PointWrite,
  ReadRequest,
  WriteReport,
} from '../../contract.ts';
import {
  ConfigInvalid,
  NotSupported,
  PhareError,
  ProtocolException,
  UnknownPoint,
  asPhareError,
} from '../../errors.ts';
import type { SerialSensorLink } from '../link.ts';
import { scaled, type Sdi12PointDef } from '../point-def.ts';
import {
  isSdi12Address,
  measurementSpec,
  parseMeasurementSpec,
  type Sdi12MeasurementCommand,
} from './commands.ts';
import type { Sdi12Value } from './values.ts';

export interface Sdi12SensorOptions {
  /** The sensor's address ('0'–'9', 'A'–'Z', 'a'–'z'), usually the endpoint's `?address=`. */
  address: string;
  points: Sdi12PointDef[];
  deviceId?: string;
}

/** A reading with the value's exact text as the sensor sent it. */
export interface Sdi12PointReading extends PointReading {
  raw?: Sdi12Value;
}

interface CompiledPoint {
  def: Sdi12PointDef;
  command: Sdi12MeasurementCommand;
  spec: string;
}

export class Sdi12SensorDriver implements Driver<SerialSensorLink> {
  readonly protocol = 'sdi12';
  readonly address: string;
  private readonly device: string;
  private readonly compiled = new Map<string, CompiledPoint>();

  constructor(private readonly options: Sdi12SensorOptions) {
    this.address = options.address;
    this.device = options.deviceId ?? `SDI-12 sensor ${options.address}`;
    if (!isSdi12Address(options.address))
      throw new ConfigInvalid(
        `${this.device}: "${options.address}" is not an SDI-12 address (0-9, A-Z, a-z)`,
        {
          device: this.device,
        },
      );
    for (const def of options.points) {
      const where = `${this.device} point ${def.id}`;
      if (this.compiled.has(def.id))
        throw new ConfigInvalid(`${where}: defined twice`, { device: this.device, point: def.id });
      const command = parseMeasurementSpec(def.command);
      if (!command)
        throw new ConfigInvalid(
          `${where}: "${def.command}" is not a measurement command (M, MC, M1…M9, C, CC, C1…, R0…R9, RC0…)`,
          { device: this.device, point: def.id },
        );
      const max = command.kind === 'M' ? 9 : 99;
      if (!Number.isInteger(def.valueIndex) || def.valueIndex < 0 || def.valueIndex >= max)
        throw new ConfigInvalid(`${where}: valueIndex must be 0–${max - 1} for ${def.command}`, {
          device: this.device,
          point: def.id,
        });
      this.compiled.set(def.id, { def, command, spec: measurementSpec(command) });
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

  planReads(pointIds: string[]): ReadRequest[] {
    const byCommand = new Map<string, string[]>();
    for (const id of new Set(pointIds)) {
      const { spec } = this.point(id);
      byCommand.set(spec, [...(byCommand.get(spec) ?? []), id]);
    }
    return [...byCommand].map(([spec, points]) => ({
      key: `${this.address}${spec}! (sdi12 address ${this.address})`,
      unit: this.address,
      points,
    }));
  }

  async read(link: SerialSensorLink, request: ReadRequest): Promise<PointReading[]> {
    const readings = await this.readDetailed(link, request);
    return readings.map(({ raw: _raw, ...reading }) => reading);
  }

  /** As read(), with each value's exact text from the sensor. */
  async readDetailed(link: SerialSensorLink, request: ReadRequest): Promise<Sdi12PointReading[]> {
    const points = request.points.map((id) => this.point(id));
    const first = points[0];
    if (!first) return [];
    if (points.some((p) => p.spec !== first.spec))
      throw new ConfigInvalid(`${this.device} request ${request.key} mixes measurement commands`, {
        device: this.device,
      });
    let measurement;
    try {
      measurement = await link.sdi12().measure(this.address, first.command);
    } catch (error) {
      const base = asPhareError(error, (message, ctx) => new ProtocolException(message, ctx));
      const Kind = base.constructor as new (message: string, ctx: object) => PhareError;
      throw new Kind(
        `${this.device} read ${this.address}${first.spec}! (points ${request.points.join(', ')}): ${base.message}`,
        {
          device: this.device,
          ...(request.points.length === 1 ? { point: request.points[0] } : {}),
          detail: {
            ...(base.detail ?? {}),
            command: `${this.address}${first.spec}!`,
            points: request.points,
          },
          cause: base,
        },
      );
    }
    return points.map(({ def }): Sdi12PointReading => {
      const raw = measurement.values[def.valueIndex];
      // A point past the values the sensor announced: the sensor is configured differently from the
      // profile. The other points of the request are fine, so this one alone is bad.
      if (!raw) return { point: def.id, value: null, quality: 'bad', sourceTime: measurement.receivedAt };
      return { point: def.id, value: scaled(raw.value, def), sourceTime: measurement.receivedAt, raw };
    });
  }

  write(_link: SerialSensorLink, writes: PointWrite[]): Promise<WriteReport> {
    return Promise.resolve({
      outcomes: writes.map(({ point }) => ({
        point,
        ok: false,
        error: new NotSupported(
          `${this.device} point ${point} is a measurement: SDI-12 sensors take no writes`,
          {
            device: this.device,
            point,
          },
        ),
      })),
      commands: [],
    });
  }

  /** Whether the link sends a real break, for the driver notes shown to operators. */
  breakNote(link: SerialSensorLink): string {
    const support = link.sdi12().line.breakSupport;
    return support.sent
      ? 'break sent by the serial port before commands (≥ 12 ms, then 8.33 ms marking)'
      : `no break on this link (${support.reason ?? 'unsupported'}): the sensor side must emulate the wake-up`;
  }

  private point(id: string): CompiledPoint {
    const point = this.compiled.get(id);
    if (!point)
      throw new UnknownPoint(`${this.device} has no point "${id}"`, { device: this.device, point: id });
    return point;
  }
}
