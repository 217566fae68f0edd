import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createManualClock } from '@phare/hardware/simulators/clock.ts';
import {
  MAQUETTE_WIRING,
  firmataBoardStarter,
  startFirmataBoardSimulator,
  type FirmataBoardSimulator,
} from '@phare/hardware/simulators/firmata-board/index.ts';
import { RawHost, isDigital, isSysex } from './raw-host.ts';

let sim: FirmataBoardSimulator | undefined;
let host: RawHost | undefined;

afterEach(async () => {
  host?.close();
  host = undefined;
  await sim?.stop();
  sim = undefined;
});

const SET_PIN_MODE = 0xf4;

/** A board on a manual clock, with a raw host that has configured the maquette's outputs. */
async function maquetteOnManualClock(startLevelPct = 50) {
  const clock = createManualClock(0);
  sim = await startFirmataBoardSimulator({
    transport: { kind: 'tcp', port: 0 },
    clock,
    basin: { startLevelPct },
  });
  host = await RawHost.connect(sim.port!);
  // Pump relay as output, gate servo attached: then a PIN_STATE_QUERY round trip proves they were applied.
  host.send([SET_PIN_MODE, MAQUETTE_WIRING.pumpRelay, 0x01, SET_PIN_MODE, MAQUETTE_WIRING.gateServo, 0x04]);
  host.send([0xf0, 0x6d, MAQUETTE_WIRING.gateServo, 0xf7]);
  await host.waitFor(isSysex(0x6e));
  return { clock, board: sim.board, host };
}

describe('maquette physics', () => {
  it('the pump empties the basin at its rate while the relay pin is high, and stops at empty', async () => {
    const { clock, board, host } = await maquetteOnManualClock(50);
    host.send([0x91, 0x01, 0x00]); // port 1 (pins 8–15): pin 8 HIGH
    host.send([0xf0, 0x6d, 8, 0xf7]);
    await host.waitFor((m): m is Extract<typeof m, { kind: 'sysex' }> => isSysex(0x6e)(m) && m.data[0] === 8);
    expect(board.state().basin.pumpOn).toBe(true);
    clock.advance(10_000);
    // 2 L basin at 50 % = 1 L; 0.025 L/s for 10 s = 0.25 L.
    expect(board.state().basin.volumeL).toBeCloseTo(0.75, 3);
    clock.advance(60_000);
    expect(board.state().basin.volumeL).toBe(0);
  });

  it('rain fills the basin, closes the float switch at 80 % and the host gets the port change', async () => {
    const { clock, board, host } = await maquetteOnManualClock(70);
    host.send([SET_PIN_MODE, MAQUETTE_WIRING.floatSwitch, 0x00, 0xd0, 1]);
    expect((await host.waitFor(isDigital)).value).toBe(0);
    board.maquette.setInflow(0.02);
    clock.advance(9_000); // +0.18 L = +9 % → 79 %
    expect(board.state().basin.floatSwitch).toBe(false);
    clock.advance(2_000); // 81 %
    expect(board.state().basin.floatSwitch).toBe(true);
    const change = await host.waitFor(
      (m): m is Extract<typeof m, { kind: 'digital' }> => isDigital(m) && m.value !== 0,
    );
    expect(change.value).toBe(1 << MAQUETTE_WIRING.floatSwitch);
    expect(board.state().basin.sensorRaw).toBe(Math.round(0.81 * 1023));
  });

  it('the flood gate servo turns at a finite speed towards the commanded angle', async () => {
    const { clock, board, host } = await maquetteOnManualClock();
    host.send([0xe9, 90, 0]); // 90°
    host.send([0xf0, 0x6d, 9, 0xf7]);
    await host.waitFor(
      (m): m is Extract<typeof m, { kind: 'sysex' }> => isSysex(0x6e)(m) && m.data[2] === 90,
    );
    clock.advance(500);
    expect(board.state().gate).toMatchObject({ angleDeg: 30, targetDeg: 90, moving: true });
    clock.advance(1_000);
    expect(board.state().gate).toMatchObject({ angleDeg: 90, moving: false });
  });
});

describe('control API and cable', () => {
  it('applies stimuli and refuses bad bodies with a 400 that names the field', async () => {
    sim = await startFirmataBoardSimulator({ transport: { kind: 'tcp', port: 0 }, controlPort: 0 });
    const post = (path: string, body: unknown) =>
      fetch(`${sim!.controlUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
    expect((await (await post('/motion', { active: true })).json()) as { motion: boolean }).toMatchObject({
      motion: true,
    });
    expect(await (await post('/basin', { levelPct: 40 })).json()).toMatchObject({ basin: { levelPct: 40 } });
    const bad = await post('/basin', { inflowLps: 'lots' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('inflowLps');
    expect((await post('/button', {})).status).toBe(400);
  });

  it('pulling the cable removes the pty path and powers the board off; plugging it back restores the same path', async () => {
    sim = await startFirmataBoardSimulator({ transport: { kind: 'pty' }, controlPort: 0 });
    const path = sim.path!;
    expect(existsSync(path)).toBe(true);
    const cable = (connected: boolean) =>
      fetch(`${sim!.controlUrl}/cable`, { method: 'POST', body: JSON.stringify({ connected }) }).then(
        (r) => r.json() as Promise<{ cable: { connected: boolean; path: string } }>,
      );
    expect((await cable(false)).cable).toEqual({ connected: false, path });
    expect(existsSync(path)).toBe(false);
    expect((await cable(true)).cable).toEqual({ connected: true, path });
    expect(existsSync(path)).toBe(true);
    expect(sim.board.state().firmware.counters.resets).toBeGreaterThanOrEqual(3);
  });
});

describe('simulator registry', () => {
  it('starts from a site device entry with a firmata:// endpoint, on a pty at that path', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'phare-maquette-'));
    const ttyPath = path.join(dir, 'ttyACM0');
    const running = await firmataBoardStarter({
      deviceId: 'maquette',
      endpoint: `firmata://${ttyPath}`,
      controlPort: 0,
      device: {},
    });
    try {
      expect(running.name).toBe('firmata-board/maquette-uno');
      expect(existsSync(ttyPath)).toBe(true);
      const state = (await (await fetch(`${running.controlUrl}/state`)).json()) as {
        cable: { path: string };
      };
      expect(state.cable.path).toBe(ttyPath);
    } finally {
      await running.stop();
      await rm(dir, { recursive: true, force: true });
    }
    expect(existsSync(ttyPath)).toBe(false);
  });

  it('refuses an endpoint that is not a Firmata one, naming the device', async () => {
    await expect(
      firmataBoardStarter({
        deviceId: 'maquette',
        endpoint: 'modbus-tcp://127.0.0.1:1502?unit=1',
        device: {},
      }),
    ).rejects.toThrow(/device maquette/);
  });
});

describe('maquette data', () => {
  it('the profile, the wiring diagram and the simulator agree on every pin', async () => {
    const root = new URL('../../', import.meta.url);
    const profile = parse(await readFile(new URL('profiles/arduino/maquette-uno.yaml', root), 'utf8')) as {
      components: { id: string; type: string; pin: number | string }[];
    };
    const pinOf = (id: string) => profile.components.find((c) => c.id === id)?.pin;
    expect(profile.components.filter((c) => c.type === 'led').map((c) => c.pin)).toEqual([
      ...MAQUETTE_WIRING.lamps,
    ]);
    expect(pinOf('motion')).toBe(MAQUETTE_WIRING.motion);
    expect(pinOf('button')).toBe(MAQUETTE_WIRING.button);
    expect(pinOf('floatSwitch')).toBe(MAQUETTE_WIRING.floatSwitch);
    expect(pinOf('pump')).toBe(MAQUETTE_WIRING.pumpRelay);
    expect(pinOf('gate')).toBe(MAQUETTE_WIRING.gateServo);
    expect(pinOf('level')).toBe(`A${MAQUETTE_WIRING.levelChannel}`);

    const svg = await readFile(new URL('wiring/maquette/wiring.svg', root), 'utf8');
    const wired = [...svg.matchAll(/data-component="([^"]+)" data-pin="([^"]+)"/g)].map(([, id, pin]) => [
      id,
      pin,
    ]);
    expect(Object.fromEntries(wired)).toEqual(
      Object.fromEntries(profile.components.map((c) => [c.id, String(c.pin)])),
    );

    const readme = await readFile(new URL('wiring/maquette/README.md', root), 'utf8');
    const table = [...readme.matchAll(/^\| `([A-Za-z0-9]+)` \| (D\d+|A\d) \|/gm)].map(([, id, pin]) => [
      id,
      pin,
    ]);
    expect(Object.fromEntries(table)).toEqual(
      Object.fromEntries(
        profile.components.map((c) => [c.id, typeof c.pin === 'number' ? `D${c.pin}` : c.pin]),
      ),
    );
  });

  it('the bill of materials adds up to the total it states', async () => {
    const bom = await readFile(new URL('../../wiring/maquette/bom.md', import.meta.url), 'utf8');
    const rows = [...bom.matchAll(/^\| \d+ \|[^|]+\|[^|]+\| (\d+) \| (\d+\.\d\d) \|/gm)];
    expect(rows.length).toBeGreaterThanOrEqual(15);
    const total = rows.reduce((sum, [, qty, price]) => sum + Number(qty) * Number(price), 0);
    const stated = /= (\d+\.\d\d) €\)/.exec(bom)?.[1];
    expect(total.toFixed(2)).toBe(stated);
  });
});
