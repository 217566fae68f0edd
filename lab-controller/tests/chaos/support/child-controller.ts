/**
 * The controller as a child process, the way an installation runs it: `node
 * lab-controller/bin/phare.mjs run --site FILE --port 0 --data-dir DIR`. Its log (stderr) is kept
 * for assertions; `signal` delivers SIGTERM (service stop) or SIGKILL (power cut, OOM killer).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../../../src/config/paths.ts';

const PHARE_BIN = join(repoRoot, 'lab-controller', 'bin', 'phare.mjs');

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildController {
  readonly url: string;
  readonly pid: number;
  /** Everything it logged so far (stderr). */
  log(): string;
  signal(signal: NodeJS.Signals): void;
  /** Resolves when the process has exited. */
  readonly exited: Promise<ChildExit>;
  /** SIGKILL if still running; for afterAll. */
  kill(): Promise<void>;
}

export interface ChildOptions {
  site: string;
  dataDir: string;
  /** Working folder (the default data folder would be ./data there). */
  cwd: string;
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

const running = new Set<ChildProcess>();

export async function spawnController(options: ChildOptions): Promise<ChildController> {
  const child = spawn(
    process.execPath,
    [PHARE_BIN, 'run', '--site', options.site, '--port', '0', '--data-dir', options.dataDir],
    {
      cwd: options.cwd,
      env: { ...process.env, PHARE_LOG: 'info', PHARE_LOG_FORMAT: '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<ChildExit>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(`controller did not start within ${options.startTimeoutMs ?? 60_000} ms:\n${stderr}`),
        ),
      options.startTimeoutMs ?? 60_000,
    );
    const onData = (): void => {
      const match = /phare: controller on (http:\/\/\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    void exited.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`controller exited at start (${JSON.stringify(exit)}):\n${stderr}`));
    });
  });
  return {
    url,
    pid: child.pid!,
    log: () => stderr,
    signal: (signal) => void child.kill(signal),
    exited,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Kills every child still running (afterAll safety net). */
export async function killAllChildren(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}
