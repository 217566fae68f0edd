import { afterEach, describe, expect, it } from 'vitest';
import type { PointReading } from '@phare/device-drivers/contract.ts';
import { Disconnected, NotSupported, OutOfRange } from '@phare/device-drivers/errors.ts';
import { openFirmataLink } from '@phare/device-drivers/firmata/index.ts';
import { openMaquette, readPoint, type Maquette } from './fixture.ts';

let maquette: Maquette | undefined;

afterEach(async () => {
  await maquette?.close();
  maquette = undefined;
});

type BoardState = {
  lamps: { pin: number; duty: number }[];
  gate: { angleDeg: number; targetDeg: number | null };
  basin: { levelMm: number; pumpOn: boolean };
};

describe('Firmata board driver on the simulated maquette (pty)', () => {
  it('describes the profile components as points', async () => {
    maquette = await openMaquette();
    const points = maquette.driver.points();
    expect(points.find((p) => p.id === 'lamp1')).toMatchObject({
      type: 'number',
      access: 'readwrite',
      unit: '%',
      range: { min: 0, max: 100 },
    });
    expect(points.find((p) => p.id === 'gate')).toMatchObject({
      access: 'readwrite',
      unit: 'deg',
      range: { min: 0, max: 90 },
    });
    expect(points.find((p) => p.id === 'level')).toMatchObject({
      access: 'read',
      unit: 'mm',
      range: { min: 0, max: 100 },
    });
    expect(points.find((p) => p.id === 'motion')).toMatchObject({ type: 'boolean', access: 'read' });
    expect(maquette.link.firmware).toBe('StandardFirmata.ino 2.5');
  });

  it('writes an LED brightness as a PWM duty the board keeps, and reads it back from the board', async () => {
    const m = (maquette = await openMaquette());
    const report = await m.driver.write(m.link, [{ point: 'lamp2', value: 40 }]);
    expect(report.outcomes).toEqual([{ point: 'lamp2', ok: true }]);
    expect(report.commands).toEqual(['LED lamp2 pin 5 PWM 102/255 (40 %)']);
    expect(await readPoint(m, 'lamp2')).toMatchObject({ value: 40, quality: 'good' });
    const state = (await m.control('/state')) as unknown as BoardState;
    expect(state.lamps.find((l) => l.pin === 5)?.duty).toBe(102);
  });

  it('delivers button presses and motion as point changes', async () => {
    const m = (maquette = await openMaquette());
    const changes: PointReading[] = [];
    const subscription = await m.driver.subscribe(m.link, ['button', 'motion'], (r) => changes.push(r));
    await expect.poll(() => changes.length).toBe(2); // the initial value of each
    await m.control('/button', { pressed: true });
    await m.control('/motion', { active: true });
    await m.control('/button', { pressed: false });
    await expect
      .poll(() => changes.slice(2).map((c) => `${c.point}=${String(c.value)}`))
      .toEqual(['button=true', 'motion=true', 'button=false']);
    await subscription.close();
    await m.control('/motion', { active: false });
    // The port change is on its way over the pty; read serves the board's latest report.
    await expect.poll(async () => (await readPoint(m, 'motion')).value).toBe(false);
    expect(changes).toHaveLength(5); // nothing after close()
  });

  it('scales the analog level sensor to millimetres', async () => {
    const m = (maquette = await openMaquette());
    await m.control('/basin', { levelPct: 62.5 });
    const reading = await readPoint(m, 'level');
    // 62.5 % of 1023 = 639.4 → ADC 639 → 639 × 100 / 1023 mm.
    expect(reading.value).toBeCloseTo((639 * 100) / 1023, 6);
    const state = (await m.control('/state')) as unknown as BoardState;
    expect(Number(reading.value)).toBeCloseTo(state.basin.levelMm, 0);
  });

  it('moves the flood gate servo to the commanded angle and refuses angles beyond its limits', async () => {
    const m = (maquette = await openMaquette());
    const report = await m.driver.write(m.link, [
      { point: 'gate', value: 45 },
      { point: 'gate', value: 120 },
    ]);
    expect(report.outcomes[0]).toEqual({ point: 'gate', ok: true });
    expect(report.outcomes[1]!.error).toBeInstanceOf(OutOfRange);
    expect(await readPoint(m, 'gate')).toMatchObject({ value: 45, quality: 'good' });
    // The simulated servo turns at 60 °/s: it gets there, not at once.
    await expect
      .poll(async () => ((await m.control('/state')) as unknown as BoardState).gate.angleDeg, {
        timeout: 5000,
      })
      .toBe(45);
  });

  it('switches the pump relay and refuses writes to inputs', async () => {
    const m = (maquette = await openMaquette());
    const report = await m.driver.write(m.link, [
      { point: 'pump', value: true },
      { point: 'button', value: true },
    ]);
    expect(report.outcomes[0]).toEqual({ point: 'pump', ok: true });
    expect(report.outcomes[1]!.error).toBeInstanceOf(NotSupported);
    expect(await readPoint(m, 'pump')).toMatchObject({ value: true });
    expect(((await m.control('/state')) as unknown as BoardState).basin.pumpOn).toBe(true);
  });

  it('reports a pulled cable as Disconnected, and a new link works once it is plugged back', async () => {
    const m = (maquette = await openMaquette());
    await m.driver.write(m.link, [{ point: 'lamp1', value: 100 }]);
    const closed = new Promise<Error | undefined>((resolve) => m.link.onClose(resolve));
    await m.control('/cable', { connected: false });
    expect(await closed).toBeInstanceOf(Disconnected);
    await expect(readPoint(m, 'level')).rejects.toBeInstanceOf(Disconnected);
    const writeWhileDown = await m.driver.write(m.link, [{ point: 'lamp1', value: 10 }]);
    expect(writeWhileDown.outcomes[0]!.error).toBeInstanceOf(Disconnected);

    await m.control('/cable', { connected: true });
    const relink = await openFirmataLink(`firmata://${m.sim.path}`, { device: 'maquette' });
    try {
      // The board was powered off: the lamp is back to its reset state, and nothing rewrote it.
      expect(await readPoint(m, 'lamp1', relink)).toMatchObject({ value: 0 });
      await m.driver.write(relink, [{ point: 'lamp1', value: 100 }]);
      expect(await readPoint(m, 'lamp1', relink)).toMatchObject({ value: 100 });
    } finally {
      await relink.close();
    }
  });

  it('never serves a stale analog value: when reports stop, read times out', async () => {
    const m = (maquette = await openMaquette());
    expect((await readPoint(m, 'level')).quality).toBe('good');
    // A reset (what SYSTEM_RESET from another host does) stops the reports; the link stays open.
    m.sim.board.firmware.handle({ kind: 'system-reset' });
    // Past the 2 s maximum age, with margin for reports already in the pty buffer on a loaded machine.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await expect(readPoint(m, 'level')).rejects.toMatchObject({ code: 'TIMEOUT' });
  });
});

describe('Firmata link over a serial device server (TCP)', () => {
  it('opens serial-tcp://…?protocol=firmata and reads the board', async () => {
    const m = (maquette = await openMaquette('tcp'));
    expect(m.link.description).toContain('tcp 127.0.0.1');
    expect(await readPoint(m, 'floatSwitch')).toMatchObject({ value: false, quality: 'good' });
  });

  it('refuses an endpoint that is not a Firmata one', async () => {
    await expect(openFirmataLink('modbus-tcp://127.0.0.1:502?unit=1')).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    });
  });
});
