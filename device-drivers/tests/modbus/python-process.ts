/**
 * Test helper: run a script with Debian's /usr/bin/python3 (the only interpreter that has
 * python3-pymodbus and python3-serial) and wait for the line it prints when ready.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export const SYSTEM_PYTHON = '/usr/bin/python3';

export interface PythonProcess {
  child: ChildProcessWithoutNullStreams;
  /** The words after READY on the ready line (e.g. the port). */
  ready: string[];
  /** Everything printed so far on stdout and stderr. */
  output(): string;
  /** SIGTERM, then wait for exit. */
  stop(): Promise<void>;
}

export function startPython(
  script: string,
  args: string[] = [],
  readyTimeoutMs = 15_000,
): Promise<PythonProcess> {
  const child = spawn(SYSTEM_PYTHON, ['-u', script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };
  return new Promise<PythonProcess>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${script} printed no READY within ${readyTimeoutMs} ms:\n${output}`));
    }, readyTimeoutMs);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = /^READY\b(.*)$/m.exec(output);
      if (line) {
        clearTimeout(timer);
        resolve({ child, ready: line[1]!.trim().split(/\s+/).filter(Boolean), output: () => output, stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before READY:\n${output}`));
    });
  });
}

/** Run a script to completion and return its stdout; rejects with its output when it fails. */
export function runPython(script: string, args: string[], timeoutMs = 20_000): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(SYSTEM_PYTHON, ['-u', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`${script} exited with ${code}:\n${stdout}\n${stderr}`));
    });
  });
}
