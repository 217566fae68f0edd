import { afterEach, describe, expect, it } from 'vitest';
import { parseEndpoint } from '@phare/device-drivers/endpoint.ts';
import { Timeout } from '@phare/device-drivers/errors.ts';
import {
  AsciiLineSensorDriver,
  openSerialSensorLink,
  type SerialSensorLink,
} from '@phare/device-drivers/serial-sensors/index.ts';
import {
  startRetentionBasinSimulator,
  startSurfaceRadarSimulator,
  type RetentionBasinSimulator,
  type SurfaceRadarSimulator,
} from '@phare/hardware/simulators/water/index.ts';
import { asciiProfile, postControl, waitFor } from './profile-data.ts';

let sim: RetentionBasinSimulator | SurfaceRadarSimulator | undefined;
let link: SerialSensorLink | undefined;

afterEach(async () => {
  await link?.close();
  await sim?.stop();
  link = undefined;
  sim = undefined;
});

const readOne = async (driver: AsciiLineSensorDriver, id: string) => {
  const [request] = driver.planReads([id]);
  return (await driver.read(link!, request!))[0]!;
};

describe('ultrasonic level sensor streaming R####<CR> (MaxBotix profile) on a pty', () => {
  async function setup(maxAgeMs?: number, periodMs = 100) {
    const basin = await startRetentionBasinSimulator({ line: { kind: 'pty' }, controlPort: 0, periodMs });
    sim = basin;
    const profile = asciiProfile('maxbotix/hrxl-maxsonar-wr');
    const driver = new AsciiLineSensorDriver({
      deviceId: 'basin',
      format: { ...profile.format, ...(maxAgeMs ? { maxAgeMs } : {}) },
      points: profile.points,
    });
    link = await openSerialSensorLink(
      parseEndpoint(`serial://${basin.line.driverPath}?protocol=ascii-line`),
      {
        terminator: profile.format.terminator,
        lock: false,
      },
    );
    driver.attach(link);
    await waitFor(() => driver.statistics(link!).goodLines >= 2);
    return { basin, driver };
  }

  it('parses the distance in metres from the mm digits, with the exact text kept', async () => {
    const { basin, driver } = await setup();
    const reading = await readOne(driver, 'distance');
    expect(reading.quality).toBe('good');
    expect(reading.value as number).toBeCloseTo(basin.distanceMm() / 1000, 2);
    expect(driver.rawText(link!, 'distance')).toMatch(/^\d{4}$/);
  });

  it('garbage and a truncated line never become values: the point turns bad, the next good line recovers', async () => {
    // A slow stream (a line every 400 ms) leaves time to look at the point before the next good line.
    const { basin, driver } = await setup(undefined, 400);
    for (const fault of ['garbage', 'truncated'] as const) {
      const before = driver.statistics(link!).garbageLines;
      await postControl(basin.controlUrl, '/faults', { fault, count: 1 });
      await waitFor(() => driver.statistics(link!).garbageLines > before);
      basin.faults.set('silent'); // hold the next good line back while the point is looked at
      const bad = await readOne(driver, 'distance');
      expect(bad).toMatchObject({ value: null, quality: 'bad' });
      basin.faults.clear('silent');
      const good = driver.statistics(link!).goodLines;
      await waitFor(() => driver.statistics(link!).goodLines > good);
      expect((await readOne(driver, 'distance')).quality).toBe('good');
    }
  });

  it('serves nothing stale: a silent sensor reads as Timeout once its last line is older than maxAgeMs', async () => {
    const { basin, driver } = await setup(500);
    await postControl(basin.controlUrl, '/faults', { fault: 'silent' });
    await new Promise((resolve) => setTimeout(resolve, 700));
    const error = await readOne(driver, 'distance').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Timeout);
    expect((error as Error).message).toMatch(/basin point distance: no fresh range line within 500 ms/);
  });

  it('refuses a fault the instrument cannot show (no checksum to damage)', async () => {
    const { basin } = await setup();
    await expect(postControl(basin.controlUrl, '/faults', { fault: 'wrong-crc' })).rejects.toThrow(/409/);
  });
});

describe('radar streaming NMEA-like sentences with XOR checksum (FTS profile) over serial-tcp', () => {
  it('reads every sentence, rejects a bad checksum for its own sentence only, and recovers', async () => {
    const radar = await startSurfaceRadarSimulator({
      line: { kind: 'tcp', port: 0 },
      controlPort: 0,
      periodMs: 150,
    });
    sim = radar;
    const profile = asciiProfile('fts/sdi-radar-300w');
    const driver = new AsciiLineSensorDriver({
      deviceId: 'radar',
      format: profile.format,
      points: profile.points,
    });
    link = await openSerialSensorLink(
      parseEndpoint(`serial-tcp://127.0.0.1:${radar.line.port}?protocol=ascii-line`),
      {
        terminator: '\r\n',
      },
    );
    driver.attach(link);
    await waitFor(() => driver.statistics(link!).goodLines >= 3);

    const plan = driver.planReads(['surfaceSpeed', 'targetSpeed', 'direction', 'tilt']);
    expect(plan.map((r) => r.key)).toEqual(['sentence average', 'sentence target', 'sentence tilt']);
    const values = (await Promise.all(plan.map((r) => driver.read(link!, r)))).flat();
    expect(Object.fromEntries(values.map((v) => [v.point, v.value]))).toEqual({
      surfaceSpeed: radar.speedTenths() / 10,
      targetSpeed: radar.speedTenths() / 10,
      direction: 1,
      tilt: 32,
    });

    // The next line sent is $RDTGT with a damaged checksum: only the target sentence's points turn bad.
    await waitFor(() => radar.streamer.counters.lines % 3 === 0, 3000);
    radar.faults.set('wrong-crc', 1);
    await waitFor(() => driver.statistics(link!).checksumErrors === 1);
    const [target, average] = [await readOne(driver, 'targetSpeed'), await readOne(driver, 'surfaceSpeed')];
    expect(target).toMatchObject({ value: null, quality: 'bad' });
    expect(average.quality).toBe('good');
    await waitFor(async () => (await readOne(driver, 'targetSpeed')).quality === 'good', 3000);
  });
});
