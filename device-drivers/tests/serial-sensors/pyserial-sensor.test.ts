import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parseEndpoint } from '@phare/device-drivers/endpoint.ts';
import {
  Sdi12SensorDriver,
  openSerialSensorLink,
  type SerialSensorLink,
} from '@phare/device-drivers/serial-sensors/index.ts';
import { openPtyPair, type PtyPair } from '@phare/device-drivers/transports/pty-pair.ts';

// Debian's python3-serial works only with the system interpreter (helper rules).
const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./pyserial_sdi12_sensor.py', import.meta.url));

let pty: PtyPair | undefined;
let sensor: ChildProcess | undefined;
let link: SerialSensorLink | undefined;

afterEach(async () => {
  await link?.close();
  if (sensor && sensor.exitCode === null) {
    const exited = new Promise((resolve) => sensor!.once('exit', resolve));
    sensor.kill('SIGTERM');
    await exited;
  }
  await pty?.close();
  link = undefined;
  sensor = undefined;
  pty = undefined;
});

async function startPyserialSensor(path: string): Promise<ChildProcess> {
  const child = spawn(PYTHON, [SCRIPT, path], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`pyserial sensor exited (${code}): ${stderr}`)));
  });
  return child;
}

describe('recorder against a third-party SDI-12 sensor written with pyserial, on a pty', () => {
  it('reads the address, identification, M with service request, C, and R, with and without CRC', async () => {
    pty = await openPtyPair();
    sensor = await startPyserialSensor(pty.b);
    link = await openSerialSensorLink(parseEndpoint(`sdi12://${pty.a}?address=3`), {
      responseTimeoutMs: 300,
      lock: false,
    });
    const recorder = link.sdi12();

    expect(await recorder.addressQuery()).toBe('3');
    expect(await recorder.identify('3')).toMatchObject({
      sdiVersion: '14',
      vendor: 'PYSERIAL',
      model: 'SDI12P',
      sensorVersion: '1.0',
      optional: 'X1',
    });

    const m = await recorder.measure('3', { kind: 'M', index: 0, crc: true });
    expect(m).toMatchObject({ readySeconds: 1, valueCount: 2, serviceRequest: true });
    expect(m.values.map((v) => v.text)).toEqual(['+12.345', '-0.50']);
    expect(m.values.map((v) => v.value)).toEqual([12.345, -0.5]);

    const c = await recorder.measure('3', { kind: 'C', index: 0, crc: false });
    expect(c.values.map((v) => v.text)).toEqual(['+12.345', '-0.50']);

    const driver = new Sdi12SensorDriver({
      address: '3',
      points: [
        { id: 'a', command: 'RC0', valueIndex: 0, unit: '1' },
        { id: 'b', command: 'RC0', valueIndex: 1, unit: '1' },
      ],
    });
    const readings = await driver.readDetailed(link, driver.planReads(['a', 'b'])[0]!);
    expect(readings.map((r) => [r.point, r.value, r.raw?.text])).toEqual([
      ['a', 7, '+7.000'],
      ['b', -1.5, '-1.5'],
    ]);
    expect(recorder.line.counters.checksumErrors).toBe(0);
  });
});
