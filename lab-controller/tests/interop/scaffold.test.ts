/**
 * `phare profile scaffold` against devices on the wire: a Modbus register scan that splits its
 * chunks on exception 0x02, and writes a draft that validates as it stands; and an OPC-UA draft
 * from the building simulator's address space.
 */
import net from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadProfile } from '../../src/config/load-profile.ts';
import { scaffoldProfile } from '../../src/interop/index.ts';
import { startAcmeDevice, type AcmeDevice } from './bench.ts';

let device: AcmeDevice | undefined;
let dir: string | undefined;
afterEach(async () => {
  await device?.stop();
  device = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('profile scaffold', () => {
  it('scans a Modbus range in chunks, splits on exception 02, and drafts a profile that validates', async () => {
    device = await startAcmeDevice();
    const { yaml, summary } = await scaffoldProfile({
      endpoint: `modbus-tcp://127.0.0.1:${device.port}?unit=3`,
      unit: 1,
      from: 0,
      to: 19,
      minRequestIntervalMs: 5,
    });

    const draft = parse(yaml) as { points: { id: string; table: string; address: number }[] };
    expect(draft.points.map((p) => p.id)).toEqual([
      'holding0',
      'holding1',
      'holding5',
      'input0',
      'input1',
      'input2',
    ]);
    expect(yaml).toMatch(/# {3}holding 2–4/);
    expect(yaml).toMatch(/read 215 \(signed 215\) during the scan/);
    expect(summary).toMatch(/6 register\(s\) found in 0–19/);
    // Chunks halved around the holes: each missing address costs at most two requests.
    expect(device.requests()).toBeLessThanOrEqual(2 * 40);
    expect(device.writes).toEqual([]);

    dir = mkdtempSync(join(tmpdir(), 'phare-scaffold-'));
    mkdirSync(join(dir, 'todo-vendor'));
    const file = join(dir, 'todo-vendor', 'todo-model.yaml');
    writeFileSync(file, yaml);
    const loaded = loadProfile(file);
    expect(loaded.ok ? [] : loaded.problems).toEqual([]);
  });

  it('stops scanning a device that does not answer, after two silent reads', async () => {
    // A serial device server with nothing behind it: it accepts the connection and stays silent.
    const received: Buffer[] = [];
    const silent = net.createServer((socket) => socket.on('data', (chunk: Buffer) => received.push(chunk)));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const error = await scaffoldProfile({
        endpoint: `modbus-rtu-tcp://127.0.0.1:${port}?unit=1`,
        timeoutMs: 200,
        minRequestIntervalMs: 1,
      }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'TIMEOUT' });
      expect((error as Error).message).toMatch(/did not answer two reads in a row/);
      // RTU frames are 8 bytes (protocols.md §3.3): exactly two requests went out.
      expect(Buffer.concat(received).length).toBe(16);
    } finally {
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
