/**
 * A virtual null-modem cable: two linked ptys made by socat (protocols.md §7.3). Tests and simulators
 * put a simulated device on one end and a driver (ours, pyserial, pymodbus) on the other.
 * Limits: no baud or parity emulation, no break/RTS/DTR ioctls; emulate timing in the simulator.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Disconnected, Timeout } from '../errors.ts';

export interface PtyPair {
  /** Path of one end (a symlink to /dev/pts/N). */
  a: string;
  /** Path of the other end. */
  b: string;
  /** Kill socat, wait for it to exit, remove the links. */
  close(): Promise<void>;
}

const SOCAT = '/usr/bin/socat';

export async function openPtyPair(dir?: string, timeoutMs = 5000): Promise<PtyPair> {
  const ownDir = dir === undefined;
  const folder = dir ?? (await mkdtemp(path.join(tmpdir(), 'phare-pty-')));
  const tag = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const a = path.join(folder, `ttyA-${tag}`);
  const b = path.join(folder, `ttyB-${tag}`);
  const socat = spawn(SOCAT, ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  socat.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 4000) stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => socat.once('exit', () => resolve()));
  let spawnError: Error | undefined;
  socat.once('error', (error) => (spawnError = error));

  const cleanup = async (): Promise<void> => {
    if (socat.exitCode === null && socat.signalCode === null) {
      socat.kill('SIGTERM');
      await exited;
    }
    if (ownDir) await rm(folder, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  // socat logs "starting data transfer loop" (at -d -d) once both ends are wired; before that a
  // byte written to one end could be lost.
  while (!(existsSync(a) && existsSync(b) && stderr.includes('starting data transfer loop'))) {
    if (spawnError || socat.exitCode !== null) {
      await cleanup();
      throw new Disconnected(`socat could not make a pty pair: ${spawnError?.message ?? stderr.trim()}`);
    }
    if (Date.now() > deadline) {
      await cleanup();
      throw new Timeout(`socat made no pty pair within ${timeoutMs} ms: ${stderr.trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { a, b, close: cleanup };
}
