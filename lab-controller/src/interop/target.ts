/**
 * From a profile and an endpoint to the driver and link the suite drives, per protocol. Unlike the
 * registry (registry/device-builder.ts) there is no site: the device stands alone on the bench, so a
 * DALI gateway's luminaires come from the run's options (`dali`), and the OPC-UA trust and PKI
 * folder from the caller (a data folder or a temporary one, never $HOME: protocols.md §5.2).
 *
 * node-opcua is loaded only for an OPC-UA profile (it takes seconds to load).
 */
import type { Driver, Link, Logger } from '@phare/device-drivers/contract.ts';
import { DaliGatewayDriver } from '@phare/device-drivers/dali/gateway-adapter.ts';
import type { LuminaireDef } from '@phare/device-drivers/dali/gateway-map.ts';
import type { Endpoint } from '@phare/device-drivers/endpoint.ts';
import { ConfigInvalid } from '@phare/device-drivers/errors.ts';
import { ModbusDeviceDriver } from '@phare/device-drivers/modbus/device.ts';
import { openModbusLink } from '@phare/device-drivers/modbus/link.ts';
import type { OpcuaDeviceDriver, OpcuaLink } from '@phare/device-drivers/opcua/index.ts';
import { AsciiLineSensorDriver } from '@phare/device-drivers/serial-sensors/ascii-line/driver.ts';
import { openSerialSensorLink } from '@phare/device-drivers/serial-sensors/link.ts';
import type { AsciiLinePointDef, Sdi12PointDef } from '@phare/device-drivers/serial-sensors/point-def.ts';
import { Sdi12SensorDriver } from '@phare/device-drivers/serial-sensors/sdi12/driver.ts';
import { modbusPointsOf, opcuaPointsOf, type Profile } from '../config/schema/profile.ts';
import { interopPoints, type InteropPoint } from './interop-points.ts';

export interface DaliBench {
  /** DALI line (channel) of the gateway. Default 0. */
  line?: number;
  luminaires: { shortAddress: number; groups: number[] }[];
}

export interface OpcuaBench {
  pkiDir: string;
  trustUnknownServerCertificates: boolean;
  userIdentity?: { username: string; password: string };
}

export interface TargetOptions {
  dali?: DaliBench;
  opcua?: OpcuaBench;
  /** Serial ports: exclusive lock (default true); false for a pty a simulator also holds. */
  serialLock?: boolean;
  logger: Logger;
}

export type TargetProtocol = 'modbus' | 'opcua' | 'sdi12' | 'ascii-line';

export interface InteropTarget {
  protocol: TargetProtocol;
  driver: Driver<Link>;
  openLink(): Promise<Link>;
  points: InteropPoint[];
  /** The profile's request timeout. */
  timeoutMs: number;
  /** Deadline the suite puts on one request (timeout plus retries, or a whole SDI-12 measurement). */
  requestDeadlineMs: number;
  /** Poll interval per poll group (`default` included), ms; absent for OPC-UA (not polled). */
  pollIntervalsMs: Record<string, number>;
  /** Modbus unit id. */
  unitId?: number;
  /** DALI gateway: the luminaires under test, with their point prefixes. */
  dali?: { line: number; luminaires: LuminaireDef[]; groups: number[] };
  /** OPC-UA: the real driver (node lookups). */
  opcuaDriver?: OpcuaDeviceDriver;
  /** SDI-12 address. */
  sdi12Address?: string;
}

/** SDI-12 measurements last ttt seconds (1–15 s for level sensors): the deadline of one read. */
const SDI12_MEASUREMENT_MS = 20_000;

export const lampId = (shortAddress: number): string => `lamp${String(shortAddress).padStart(2, '0')}`;

export async function buildTarget(
  profile: Profile,
  endpoint: Endpoint,
  options: TargetOptions,
): Promise<InteropTarget> {
  const timeoutMs = profile.connection.timeoutMs;
  const pollIntervalsMs: Record<string, number> = {
    ...(profile.connection.pollGroups ?? {}),
    ...(profile.connection.pollIntervalMs !== undefined
      ? { default: profile.connection.pollIntervalMs }
      : {}),
  };
  const logger = options.logger.child('interop');
  const deviceId = profile.id;

  if (profile.protocol === 'modbus') {
    if (!endpoint.scheme.startsWith('modbus'))
      throw new ConfigInvalid(`${profile.id} speaks Modbus, but ${endpoint.uri} is not a Modbus endpoint`);
    const unitId = Number(endpoint.params['unit'] ?? '1');
    const connection = profile.connection;
    const common = {
      unitId,
      deviceId,
      maxGap: connection.maxGap,
      maxRegistersPerRequest: connection.maxRegistersPerRequest,
      forbiddenRanges: connection.forbiddenRanges,
    };
    let driver: Driver<Link>;
    let dali: InteropTarget['dali'];
    if (profile.kind === 'dali-gateway' && profile.dali) {
      const line = options.dali?.line ?? 0;
      const luminaires = (options.dali?.luminaires ?? []).map((l) => ({ id: lampId(l.shortAddress), ...l }));
      const groups = [...new Set(luminaires.flatMap((l) => l.groups))].sort((a, b) => a - b);
      dali = { line, luminaires, groups };
      driver = new DaliGatewayDriver({
        ...common,
        line,
        map: profile.dali,
        luminaires,
        groups,
      }) as Driver<Link>;
    } else {
      driver = new ModbusDeviceDriver({ ...common, points: modbusPointsOf(profile) }) as Driver<Link>;
    }
    return {
      protocol: 'modbus',
      driver,
      openLink: () => openModbusLink(endpoint, { timeoutMs, maxInFlight: 1, logger, ...lockOf(options) }),
      points: interopPoints(profile, driver.points()),
      timeoutMs,
      requestDeadlineMs: timeoutMs * 2 + 1000,
      pollIntervalsMs,
      unitId,
      ...(dali ? { dali } : {}),
    };
  }

  if (profile.protocol === 'opcua') {
    if (!options.opcua)
      throw new ConfigInvalid(`${profile.id}: an OPC-UA run needs a PKI folder for the client certificate`);
    const bench = options.opcua;
    const module = await import('@phare/device-drivers/opcua/index.ts');
    module.routeOpcuaLibraryLogs(logger.child('node-opcua'));
    const driver = new module.OpcuaDeviceDriver({ deviceId, points: opcuaPointsOf(profile) });
    const connection = profile.connection;
    return {
      protocol: 'opcua',
      driver: driver as unknown as Driver<Link>,
      opcuaDriver: driver,
      openLink: (): Promise<OpcuaLink> =>
        module.openOpcuaLink(endpoint, {
          device: deviceId,
          pkiDir: bench.pkiDir,
          trustUnknownServerCertificates: bench.trustUnknownServerCertificates,
          ...(bench.userIdentity ? { userIdentity: bench.userIdentity } : {}),
          ...(connection.securityMode ? { securityMode: connection.securityMode } : {}),
          ...(connection.securityPolicy ? { securityPolicy: connection.securityPolicy } : {}),
          timeoutMs,
          ...(connection.samplingIntervalMs !== undefined
            ? { samplingIntervalMs: connection.samplingIntervalMs }
            : {}),
          logger,
        }),
      points: interopPoints(profile, driver.points()),
      timeoutMs,
      // Opening a secure channel with certificate checks takes seconds on a small machine.
      requestDeadlineMs: timeoutMs * 2 + 5000,
      pollIntervalsMs: {},
    };
  }

  const serial = profile.serial;
  if (!serial) throw new ConfigInvalid(`${profile.id} is a serial sensor without a serial: section`);
  if (profile.protocol === 'sdi12') {
    const address = endpoint.params['address'] ?? '0';
    // The schema requires command and valueIndex of every SDI-12 point (schema/serial-sensor.ts).
    const driver = new Sdi12SensorDriver({ address, points: serial.points as Sdi12PointDef[], deviceId });
    return {
      protocol: 'sdi12',
      driver: driver as unknown as Driver<Link>,
      openLink: () =>
        openSerialSensorLink(endpoint, {
          protocol: 'sdi12',
          responseTimeoutMs: timeoutMs,
          connectTimeoutMs: Math.max(timeoutMs, 3000),
          device: deviceId,
          logger,
          ...lockOf(options),
        }),
      points: interopPoints(profile, driver.points()),
      timeoutMs,
      requestDeadlineMs: SDI12_MEASUREMENT_MS,
      pollIntervalsMs,
      sdi12Address: address,
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
    points: serial.points as AsciiLinePointDef[],
    deviceId,
    logger,
  });
  return {
    protocol: 'ascii-line',
    driver: driver as unknown as Driver<Link>,
    openLink: () =>
      openSerialSensorLink(endpoint, {
        protocol: 'ascii-line',
        terminator: format.terminator,
        connectTimeoutMs: Math.max(timeoutMs, 3000),
        device: deviceId,
        logger,
        ...lockOf(options),
      }),
    points: interopPoints(profile, driver.points()),
    timeoutMs,
    requestDeadlineMs: Math.max(timeoutMs, format.maxAgeMs) * 2 + 1000,
    pollIntervalsMs,
  };
}

function lockOf(options: TargetOptions): { lock?: boolean } {
  return options.serialLock === undefined ? {} : { lock: options.serialLock };
}
