/**
 * A `serial-sensor` device (device-builder.ts): an SDI-12 sensor or a free-running ASCII instrument
 * on a serial line, a pty or a serial device server. The profile's `serial:` section becomes the
 * driver's point definitions (schema/serial-sensor.ts checked each protocol's fields); the endpoint
 * gives the SDI-12 address (`?address=`, default 0, SDI-12 v1.4 §4.4.2).
 *
 * Timeouts: the profile's `timeoutMs` is the SDI-12 per-try wait for the first byte of an answer;
 * a whole measurement (aM! → atttn → wait up to ttt s → aD0!) takes seconds, bounded by the
 * recorder itself. The coordinator's deadline is only a safety net, so it gets SDI12_MEASUREMENT_MS.
 */
import type { Driver, Link, Logger } from '@phare/device-drivers/contract.ts';
import type { Endpoint } from '@phare/device-drivers/endpoint.ts';
import { ConfigInvalid } from '@phare/device-drivers/errors.ts';
import { AsciiLineSensorDriver } from '@phare/device-drivers/serial-sensors/ascii-line/driver.ts';
import { openSerialSensorLink } from '@phare/device-drivers/serial-sensors/link.ts';
import type { AsciiLinePointDef, Sdi12PointDef } from '@phare/device-drivers/serial-sensors/point-def.ts';
import { Sdi12SensorDriver } from '@phare/device-drivers/serial-sensors/sdi12/driver.ts';
import type { ProfileInput, SiteDeviceInput } from './site-input.ts';

/** Longest SDI-12 measurement the coordinator waits for (ttt of common level sensors is 1–15 s). */
export const SDI12_MEASUREMENT_MS = 20_000;

export function buildSerialSensorDevice(
  site: SiteDeviceInput,
  profile: ProfileInput,
  endpoint: Endpoint,
  logger: Logger,
): { driver: Driver; openLink: () => Promise<Link>; timeoutMs: number } {
  const serial = profile.serial;
  if (!serial)
    throw new ConfigInvalid(`Profile ${profile.id} is a serial-sensor without a serial: section`, {
      device: site.id,
    });
  const timeoutMs = profile.connection.timeoutMs;
  if (profile.protocol === 'sdi12') {
    const driver = new Sdi12SensorDriver({
      address: endpoint.params['address'] ?? '0',
      // The schema requires command and valueIndex of every SDI-12 point (serial-sensor.ts).
      points: serial.points as Sdi12PointDef[],
      deviceId: site.id,
    });
    return {
      driver,
      timeoutMs: Math.max(timeoutMs, SDI12_MEASUREMENT_MS),
      openLink: () =>
        openSerialSensorLink(endpoint, {
          protocol: 'sdi12',
          responseTimeoutMs: timeoutMs,
          connectTimeoutMs: Math.max(timeoutMs, 3000),
          device: site.id,
          logger,
        }),
    };
  }
  const format = {
    terminator: serial.terminator ?? '\r\n',
    checksum: serial.checksum ?? 'none',
    maxAgeMs: serial.maxAgeMs ?? 3000,
    sentences: (serial.sentences ?? []).map((s) => ({ id: s.id, pattern: s.pattern })),
  };
  const driver = new AsciiLineSensorDriver({
    format,
    // The schema requires sentence and group of every ASCII point (serial-sensor.ts).
    points: serial.points as AsciiLinePointDef[],
    deviceId: site.id,
    logger,
  });
  return {
    driver,
    timeoutMs,
    openLink: () =>
      openSerialSensorLink(endpoint, {
        protocol: 'ascii-line',
        terminator: format.terminator,
        connectTimeoutMs: Math.max(timeoutMs, 3000),
        device: site.id,
        logger,
      }),
  };
}
