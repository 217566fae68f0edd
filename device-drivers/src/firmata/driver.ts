/**
 * Profile-driven driver for a Firmata board (contract.ts), built from the profile's components
 * (component-def.ts): LEDs, buttons, PIR motion sensors, analog sensors, servos, relays.
 *
 * Outputs go through johnny-five components (Led, Servo, Relay) created on the first write to each,
 * per link: opening a link never drives an output (ARCHITECTURE.md §7, FUXA's lesson). Inputs use
 * the io-plugin reads directly (digital reports on change, analog reports every sampling interval):
 * johnny-five's Motion never clears its 25 ms interval (lib/motion.js) and Button and Sensor run
 * timers of their own, which would pile up across reconnects in a daemon.
 *
 * `read` never serves stale data as fresh:
 * - outputs: a PIN_STATE_QUERY round trip, the board's own record of what was written;
 * - analog inputs: the last report if younger than maxAgeMs, else the next one or Timeout;
 * - digital inputs (sent only on change): the last report while the board is heard from within
 *   maxAgeMs, else a REPORT_DIGITAL round trip (the board answers with the port at once) or Timeout.
 * `subscribe` pushes input changes; it lives as long as its link (a new link needs a new subscribe).
 */
import {
  silentLogger,
  type Driver,
  type DriverPointInfo,
  type Logger,
  type PointReading,
  type PointSubscription,
  type PointWrite,
  type ReadRequest,
  type WriteOutcome,
  type WriteReport,
} from '../contract.ts';
import { ConfigInvalid, NotSupported, ProtocolException, UnknownPoint, asPhareError } from '../errors.ts';
import {
  INPUT_TYPES,
  analogChannelOf,
  checkComponents,
  digitalPinOf,
  scaleRaw,
  type FirmataComponentDef,
} from './component-def.ts';
import { johnnyFive, type FiveLed, type FiveRelay, type FiveServo } from './five.ts';
import type { FirmataLink, PinReport } from './link.ts';
import {
  SERVO_PWM_RANGE,
  booleanToWrite,
  dutyFromLedPercent,
  ledPercentFromDuty,
  numberToWrite,
  servoDegreesFromState,
} from './values.ts';

export interface FirmataBoardDriverOptions {
  components: FirmataComponentDef[];
  deviceId?: string;
  /** Inputs: a report older than this is not served as fresh (default 2000 ms). */
  maxAgeMs?: number;
  /** Round trips to the board (pin state, digital refresh, first analog report): default 1000 ms. */
  timeoutMs?: number;
  logger?: Logger;
}

type Output = FiveLed | FiveServo | FiveRelay;

const SERVO_RANGE = { min: 0, max: 180 };
const LED_RANGE = { min: 0, max: 100 };

export class FirmataBoardDriver implements Driver<FirmataLink> {
  readonly protocol = 'firmata';
  private readonly device: string;
  private readonly defs = new Map<string, FirmataComponentDef>();
  private readonly outputs = new WeakMap<FirmataLink, Map<string, Output>>();
  private readonly maxAgeMs: number;
  private readonly timeoutMs: number;
  private readonly logger: Logger;

  constructor(private readonly options: FirmataBoardDriverOptions) {
    this.device = options.deviceId ?? 'Firmata board';
    this.maxAgeMs = options.maxAgeMs ?? 2000;
    this.timeoutMs = options.timeoutMs ?? 1000;
    this.logger = (options.logger ?? silentLogger).child('firmata');
    checkComponents(this.device, options.components);
    for (const def of options.components) this.defs.set(def.id, def);
  }

  points(): DriverPointInfo[] {
    return this.options.components.map((def): DriverPointInfo => {
      const base = { id: def.id, ...(def.unit === undefined ? {} : { unit: def.unit }) };
      switch (def.type) {
        case 'led':
          return { ...base, type: 'number', access: 'readwrite', unit: def.unit ?? '%', range: LED_RANGE };
        case 'servo':
          return {
            ...base,
            type: 'number',
            access: 'readwrite',
            unit: def.unit ?? 'deg',
            range: def.limits ?? SERVO_RANGE,
          };
        case 'relay':
          return { ...base, type: 'boolean', access: 'readwrite' };
        case 'sensor': {
          const to = def.scale?.to;
          const range = to ? { min: Math.min(...to), max: Math.max(...to) } : { min: 0, max: 1023 };
          return { ...base, type: 'number', access: 'read', range };
        }
        default:
          return { ...base, type: 'boolean', access: 'read' };
      }
    });
  }

  /** One request per point: each is its own pin, its own report or round trip. */
  planReads(pointIds: string[]): ReadRequest[] {
    return [...new Set(pointIds)].map((id) => {
      const def = this.definition(id);
      return { key: `${def.type} ${id} pin ${def.pin}`, unit: 'board', points: [id] };
    });
  }

  async read(link: FirmataLink, request: ReadRequest): Promise<PointReading[]> {
    const readings: PointReading[] = [];
    for (const id of request.points) readings.push(await this.readPoint(link, this.definition(id)));
    return readings;
  }

  async write(link: FirmataLink, writes: PointWrite[]): Promise<WriteReport> {
    const outcomes: WriteOutcome[] = [];
    const commands: string[] = [];
    for (const { point, value } of writes) {
      try {
        const def = this.definition(point);
        link.assertOpen(point);
        commands.push(this.writePoint(link, def, value));
        outcomes.push({ point, ok: true });
      } catch (error) {
        outcomes.push({
          point,
          ok: false,
          error: asPhareError(error, (m, c) => new ProtocolException(m, c), { device: this.device, point }),
        });
      }
    }
    return { outcomes, commands };
  }

  async subscribe(
    link: FirmataLink,
    pointIds: string[],
    onChange: (reading: PointReading) => void,
  ): Promise<PointSubscription> {
    const defs = [...new Set(pointIds)].map((id) => this.definition(id));
    const notInput = defs.find((def) => !INPUT_TYPES.has(def.type));
    if (notInput)
      throw new NotSupported(
        `${this.device} point ${notInput.id}: a ${notInput.type} is an output; poll it`,
        {
          device: this.device,
          point: notInput.id,
        },
      );
    const delivered = new Map<string, number>();
    const deliver = (def: FirmataComponentDef, report: PinReport): void => {
      const last = delivered.get(def.id);
      const threshold = def.type === 'sensor' ? (def.threshold ?? 1) : 1;
      if (last !== undefined && Math.abs(report.value - last) < threshold) return;
      delivered.set(def.id, report.value);
      onChange(this.inputReading(def, report));
    };
    const unsubscribe = link.onReport((kind, pinOrChannel, report) => {
      for (const def of defs) {
        const matches =
          kind === 'analog' ? analogChannelOf(def) === pinOrChannel : digitalPinOf(def) === pinOrChannel;
        if (matches) deliver(def, report);
      }
    });
    try {
      for (const def of defs) {
        this.watch(link, def);
        const known = this.knownReport(link, def);
        if (known) deliver(def, known);
      }
    } catch (error) {
      unsubscribe();
      throw error;
    }
    return { close: () => Promise.resolve(void unsubscribe()) };
  }

  private async readPoint(link: FirmataLink, def: FirmataComponentDef): Promise<PointReading> {
    link.assertOpen(def.id);
    if (INPUT_TYPES.has(def.type)) return this.inputReading(def, await this.freshInput(link, def));
    const pin = digitalPinOf(def)!;
    const { mode, state } = await link.queryPinState(pin, this.timeoutMs);
    const modes = link.io.MODES;
    const sourceTime = Date.now();
    const good = (value: number | boolean): PointReading => ({
      point: def.id,
      value,
      quality: 'good',
      sourceTime,
    });
    if (def.type === 'led' && mode === modes.PWM) return good(ledPercentFromDuty(state));
    if (def.type === 'led' && mode === modes.OUTPUT) return good(state ? 100 : 0);
    if (def.type === 'servo' && mode === modes.SERVO)
      return good(servoDegreesFromState(state, def.invert === true));
    if (def.type === 'relay' && mode === modes.OUTPUT) return good((state === 1) !== (def.invert === true));
    // The pin is in another mode (a servo never commanded since the board reset): the board
    // cannot tell the value, so say so rather than invent one.
    return { point: def.id, value: null, quality: 'bad', sourceTime };
  }

  private async freshInput(link: FirmataLink, def: FirmataComponentDef): Promise<PinReport> {
    this.watch(link, def);
    const now = Date.now();
    const channel = analogChannelOf(def);
    if (channel !== undefined) {
      const report = link.analogReport(channel);
      if (report && now - report.at <= this.maxAgeMs) return report;
      return link.nextReport('analog', channel, this.timeoutMs, now - this.maxAgeMs);
    }
    const pin = digitalPinOf(def)!;
    const report = link.digitalReport(pin);
    if (report && now - link.lastHeardAt <= this.maxAgeMs) return report;
    return link.refreshDigital(pin, this.timeoutMs);
  }

  private inputReading(def: FirmataComponentDef, report: PinReport): PointReading {
    const value =
      def.type === 'sensor'
        ? scaleRaw(report.value, def.scale)
        : (report.value === 1) !== (def.invert === true);
    return { point: def.id, value, quality: 'good', sourceTime: report.at };
  }

  private knownReport(link: FirmataLink, def: FirmataComponentDef): PinReport | undefined {
    const channel = analogChannelOf(def);
    return channel !== undefined ? link.analogReport(channel) : link.digitalReport(digitalPinOf(def)!);
  }

  private watch(link: FirmataLink, def: FirmataComponentDef): void {
    const channel = analogChannelOf(def);
    if (channel !== undefined) link.watchAnalog(channel);
    else link.watchDigital(digitalPinOf(def)!, def.pullup === true);
  }

  /** Sends one write through its johnny-five component; returns the audit line. */
  private writePoint(link: FirmataLink, def: FirmataComponentDef, value: PointWrite['value']): string {
    const pin = digitalPinOf(def);
    switch (def.type) {
      case 'led': {
        const percent = numberToWrite(this.device, def, value, LED_RANGE);
        const led = this.output(link, def) as FiveLed;
        if (def.pwm === false) {
          if (percent > 0) led.on();
          else led.off();
          return `LED ${def.id} pin ${pin} ${percent > 0 ? 'HIGH' : 'LOW'}`;
        }
        const duty = dutyFromLedPercent(percent);
        led.brightness(duty);
        return `LED ${def.id} pin ${pin} PWM ${duty}/255 (${percent} %)`;
      }
      case 'servo': {
        const degrees = numberToWrite(this.device, def, value, SERVO_RANGE);
        (this.output(link, def) as FiveServo).to(degrees);
        return `servo ${def.id} pin ${pin} to ${degrees}°`;
      }
      case 'relay': {
        const on = booleanToWrite(this.device, def, value);
        const relay = this.output(link, def) as FiveRelay;
        if (on) relay.close();
        else relay.open();
        return `relay ${def.id} pin ${pin} ${on ? 'on' : 'off'}${def.invert ? ' (active low)' : ''}`;
      }
      default:
        throw new NotSupported(
          `${this.device} point ${def.id}: a ${def.type} is an input and takes no writes`,
          {
            device: this.device,
            point: def.id,
          },
        );
    }
  }

  /** The johnny-five component of an output on this link, made on first use. */
  private output(link: FirmataLink, def: FirmataComponentDef): Output {
    let byId = this.outputs.get(link);
    if (!byId) this.outputs.set(link, (byId = new Map()));
    const existing = byId.get(def.id);
    if (existing) return existing;
    const pin = digitalPinOf(def)!;
    const needed =
      def.type === 'servo' ? 'SERVO' : def.type === 'led' && def.pwm !== false ? 'PWM' : 'OUTPUT';
    if (!link.io.pins[pin]?.supportedModes.includes(link.io.MODES[needed]))
      throw new ConfigInvalid(
        `${this.device} point ${def.id}: pin ${pin} of this board has no ${needed} mode`,
        {
          device: this.device,
          point: def.id,
          detail: { pin, firmware: link.firmware },
        },
      );
    const five = johnnyFive();
    const board = link.board;
    let component: Output;
    if (def.type === 'led') component = new five.Led({ pin, board });
    else if (def.type === 'servo')
      component = new five.Servo({
        pin,
        board,
        invert: def.invert === true,
        pwmRange: SERVO_PWM_RANGE,
        range: [def.limits?.min ?? SERVO_RANGE.min, def.limits?.max ?? SERVO_RANGE.max],
      });
    else component = new five.Relay({ pin, board, type: def.invert ? 'NC' : 'NO' });
    this.logger.debug('output attached', { point: def.id, pin, type: def.type });
    byId.set(def.id, component);
    return component;
  }

  private definition(id: string): FirmataComponentDef {
    const def = this.defs.get(id);
    if (!def)
      throw new UnknownPoint(`${this.device} has no point "${id}"`, { device: this.device, point: id });
    return def;
  }
}
