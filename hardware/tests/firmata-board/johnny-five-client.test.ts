import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startFirmataBoardSimulator,
  type FirmataBoardSimulator,
} from '@phare/hardware/simulators/firmata-board/index.ts';

let sim: FirmataBoardSimulator | undefined;
let child: ChildProcess | undefined;

afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  child = undefined;
  await sim?.stop();
  sim = undefined;
});

describe('a third-party Firmata client drives the simulated board', () => {
  it('johnny-five in its own process blinks the LED on pin 13 and the board sees the pin toggle', async () => {
    sim = await startFirmataBoardSimulator({ transport: { kind: 'pty' } });
    const levels: number[] = [];
    sim.board.firmware.onOutput((pin, mode, state) => {
      if (pin === 13 && mode === 0x01) levels.push(state);
    });
    const script = fileURLToPath(new URL('fixtures/blink.mjs', import.meta.url));
    child = spawn(process.execPath, [script, sim.path!], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child!.once('exit', (c) => resolve(c)));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // Three blinks: 1, 0, 1, 0, 1, 0 after the pin was set to output (state 0).
    const rises = levels.filter((level, i) => level === 1 && levels[i - 1] !== 1).length;
    expect(rises).toBe(3);
    expect(sim.board.state().pins[13]).toMatchObject({ mode: 'output', state: 0 });
  });
});
