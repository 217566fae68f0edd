/**
 * Third-party Modbus clients for the gateway tests: mbpoll (libmodbus) as a child process, and
 * modbus-serial's ModbusRTU client. Our own client is not used here, so these tests check the
 * simulator against what the wider world speaks.
 */
import { execFile } from 'node:child_process';
import ModbusRTU from 'modbus-serial';

export interface MbpollResult {
  ok: boolean;
  /** Register values by address, from lines like `[106]: 	51`. */
  values: Map<number, number>;
  output: string;
}

/**
 * mbpoll in one-shot mode on holding registers with 0-based addresses, as the Intesis manual's
 * addresses are ("First Address is 0"): `mbpoll -m tcp -p PORT -a 1 -t 4 -0 -r ADDR -c N -1 127.0.0.1`.
 * Writes pass the values after the host. Runs asynchronously so the in-process simulator can answer.
 */
export function mbpoll(
  port: number,
  args: { ref: number; count?: number; write?: number[]; unit?: number; table?: '3' | '4' },
): Promise<MbpollResult> {
  const argv = ['-m', 'tcp', '-p', String(port), '-a', String(args.unit ?? 1), '-t', args.table ?? '4', '-0'];
  argv.push('-r', String(args.ref));
  if (args.write === undefined) argv.push('-c', String(args.count ?? 1));
  argv.push('-1', '-o', '2', '127.0.0.1', ...(args.write ?? []).map(String));
  return new Promise((resolve) => {
    execFile('/usr/bin/mbpoll', argv, { encoding: 'utf8', timeout: 10_000 }, (error, stdout, stderr) => {
      const values = new Map<number, number>();
      for (const match of stdout.matchAll(/^\[(\d+)\]:\s+(-?\d+)/gm))
        values.set(Number(match[1]), Number(match[2]));
      resolve({ ok: error === null, values, output: `${stdout}\n${stderr}` });
    });
  });
}

export type Client = InstanceType<typeof ModbusRTU>;

export async function tcpClient(port: number, unit = 1): Promise<Client> {
  const client = new ModbusRTU();
  await client.connectTCP('127.0.0.1', { port });
  client.setID(unit);
  client.setTimeout(2000);
  return client;
}

export function closeClient(client: Client): Promise<void> {
  return new Promise((resolve) => {
    if (!client.isOpen) return resolve();
    client.close(() => resolve());
  });
}

/** The Modbus exception code a failed request carries, or undefined for other failures. */
export async function exceptionOf(request: Promise<unknown>): Promise<number | undefined> {
  try {
    await request;
  } catch (error) {
    return (error as { modbusCode?: number }).modbusCode;
  }
  throw new Error('expected a Modbus exception, the request succeeded');
}

/** Polls `probe` until it returns a value accepted by `done`, or fails after `timeoutMs` (generous on purpose). */
export async function waitFor<T>(
  probe: () => Promise<T> | T,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!done(last)) {
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms; last value ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    last = await probe();
  }
  return last;
}

export async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

export async function postJson(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}
