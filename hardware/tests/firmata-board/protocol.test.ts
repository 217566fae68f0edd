import { afterEach, describe, expect, it } from 'vitest';
import {
  startFirmataBoardSimulator,
  type FirmataBoardSimulator,
} from '@phare/hardware/simulators/firmata-board/index.ts';
import { RawHost, isAnalog, isDigital, isSysex, isVersion, text7 } from './raw-host.ts';

let sim: FirmataBoardSimulator | undefined;
let host: RawHost | undefined;

afterEach(async () => {
  host?.close();
  host = undefined;
  await sim?.stop();
  sim = undefined;
});

async function connect(): Promise<RawHost> {
  sim = await startFirmataBoardSimulator({ transport: { kind: 'tcp', port: 0 } });
  host = await RawHost.connect(sim.port!);
  return host;
}

const SET_PIN_MODE = 0xf4;
const PWM = 0x03;
const SERVO = 0x04;
const INPUT = 0x00;

describe('Firmata board simulator speaks StandardFirmata 2.5', () => {
  it('announces protocol version 2.5 and the firmware name as soon as a host connects', async () => {
    const board = await connect();
    expect(await board.waitFor(isVersion)).toEqual({ kind: 'version', major: 2, minor: 5 });
    const firmware = await board.waitFor(isSysex(0x79));
    expect(firmware.data.slice(0, 2)).toEqual([2, 5]);
    expect(text7(firmware.data.slice(2))).toBe('StandardFirmata.ino');
  });

  it('answers REPORT_VERSION and QUERY_FIRMWARE requests', async () => {
    const board = await connect();
    await board.waitFor(isSysex(0x79));
    const from = board.messages.length;
    board.send([0xf9, 0xf0, 0x79, 0xf7]);
    await board.waitFor(isVersion, 3000, from);
    await board.waitFor(isSysex(0x79), 3000, from);
  });

  it('describes the Uno pin set in CAPABILITY_RESPONSE and ANALOG_MAPPING_RESPONSE', async () => {
    const board = await connect();
    board.send([0xf0, 0x6b, 0xf7, 0xf0, 0x69, 0xf7]);
    const capabilities = await board.waitFor(isSysex(0x6c));
    const pins: number[][] = [[]];
    for (const byte of capabilities.data) {
      if (byte === 0x7f) pins.push([]);
      else pins[pins.length - 1]!.push(byte);
    }
    pins.pop();
    expect(pins).toHaveLength(20);
    expect(pins[0]).toEqual([]); // RX
    expect(pins[3]).toEqual([0x00, 1, 0x0b, 1, 0x01, 1, 0x03, 8, 0x04, 14]); // input, pullup, output, PWM 8-bit, servo
    expect(pins[14]).toContain(0x02); // A0 analog
    expect(pins[18]).toContain(0x06); // SDA
    const mapping = await board.waitFor(isSysex(0x6a));
    expect(mapping.data).toEqual([...new Array<number>(14).fill(127), 0, 1, 2, 3, 4, 5]);
  });

  it('keeps a PWM value written by ANALOG_MESSAGE and EXTENDED_ANALOG and reports it in PIN_STATE_RESPONSE', async () => {
    const board = await connect();
    board.send([SET_PIN_MODE, 5, PWM, 0xe5, 200 & 0x7f, 200 >> 7, 0xf0, 0x6d, 5, 0xf7]);
    const state = await board.waitFor(isSysex(0x6e));
    expect(state.data).toEqual([5, PWM, 200 & 0x7f, 200 >> 7]);
    expect(sim!.board.state().lamps.find((l) => l.pin === 5)?.duty).toBe(200);

    const from = board.messages.length;
    board.send([
      0xf0,
      0x6f,
      6,
      0,
      0,
      0xf7,
      SET_PIN_MODE,
      6,
      PWM,
      0xf0,
      0x6f,
      6,
      77,
      0,
      0xf7,
      0xf0,
      0x6d,
      6,
      0xf7,
    ]);
    const extended = await board.waitFor(isSysex(0x6e), 3000, from);
    expect(extended.data).toEqual([6, PWM, 77]);
  });

  it('reports a digital input port at once when reporting starts, then only when it changes', async () => {
    const board = await connect();
    board.send([SET_PIN_MODE, 4, INPUT, 0xd0, 1]);
    expect((await board.waitFor(isDigital)).value).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(board.messages.filter(isDigital)).toHaveLength(1);

    sim!.board.maquette.setButton(true);
    const pressed = await board.waitFor(
      (m): m is Extract<typeof m, { kind: 'digital' }> => isDigital(m) && m.value !== 0,
    );
    expect(pressed).toEqual({ kind: 'digital', port: 0, value: 1 << 4 });
    sim!.board.maquette.setButton(false);
    await board.waitFor(
      (m): m is Extract<typeof m, { kind: 'digital' }> => isDigital(m) && m.value === 0,
      3000,
      board.messages.indexOf(pressed) + 1,
    );
    expect(board.messages.filter(isDigital)).toHaveLength(3);
  });

  it('reports analog inputs once per sampling interval, and SAMPLING_INTERVAL changes the rate', async () => {
    const board = await connect();
    board.send([0xc0, 1]);
    await board.waitFor(isAnalog);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const atDefault = board.messages.filter(isAnalog).length;
    // 19 ms: about 50 a second; a loaded machine delivers fewer, never many more.
    expect(atDefault).toBeGreaterThan(15);
    expect(atDefault).toBeLessThan(80);

    board.send([0xf0, 0x7a, 500 & 0x7f, 500 >> 7, 0xf7]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const before = board.messages.filter(isAnalog).length;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const at500 = board.messages.filter(isAnalog).length - before;
    expect(at500).toBeLessThanOrEqual(3);
    expect(sim!.board.state().firmware.samplingIntervalMs).toBe(500);
  });

  it('holds a servo angle given in degrees or in microseconds, within the SERVO_CONFIG pulse range', async () => {
    const board = await connect();
    // SERVO_CONFIG pin 9, 600–2400 µs, then 1500 µs = 90°.
    board.send([
      0xf0,
      0x70,
      9,
      600 & 0x7f,
      600 >> 7,
      2400 & 0x7f,
      2400 >> 7,
      0xf7,
      0xe9,
      1500 & 0x7f,
      1500 >> 7,
    ]);
    board.send([0xf0, 0x6d, 9, 0xf7]);
    const state = await board.waitFor(isSysex(0x6e));
    expect(state.data.slice(0, 2)).toEqual([9, SERVO]);
    expect(sim!.board.state().gate.targetDeg).toBe(90);
    board.send([0xe9, 30, 0]);
    await expect.poll(() => sim!.board.state().gate.targetDeg).toBe(30);
  });

  it('SYSTEM_RESET puts PWM pins back to digital output low and stops reporting', async () => {
    const board = await connect();
    board.send([SET_PIN_MODE, 3, PWM, 0xe3, 100, 0, 0xc0, 1]);
    await board.waitFor(isAnalog);
    board.send([0xff, 0xf0, 0x6d, 3, 0xf7]);
    const state = await board.waitFor(isSysex(0x6e));
    expect(state.data).toEqual([3, 0x01, 0]);
    const count = board.messages.filter(isAnalog).length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(board.messages.filter(isAnalog).length).toBe(count);
    expect(sim!.board.state().firmware.counters.resets).toBeGreaterThanOrEqual(2);
  });

  it('answers an unsupported pin mode with the sketch\'s "Unknown pin mode" string', async () => {
    const board = await connect();
    board.send([SET_PIN_MODE, 4, PWM]); // pin 4 has no PWM on an Uno
    const message = await board.waitFor(isSysex(0x71));
    expect(text7(message.data)).toBe('Unknown pin mode');
  });
});
