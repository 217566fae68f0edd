/**
 * From one site device and its profile: the endpoint, the driver, and how to open the link.
 * The profile's `kind` chooses the driver; the site gives what differs per installation
 * (endpoint, DALI line, luminaires, groups, poll rate, OPC-UA trust and user). No register address
 * or node id is in code (style.md principle 1).
 *
 *   dali-gateway, modbus-device → DaliGatewayDriver / ModbusDeviceDriver + openModbusLink
 *                                  (modbus-tcp, modbus-rtu on a serial port or pty, modbus-rtu-tcp)
 *   serial-sensor               → Sdi12SensorDriver / AsciiLineSensorDriver + openSerialSensorLink
 *   opcua-controller            → OpcuaDeviceDriver + openOpcuaLink (pushed values, not polled)
 *   firmata-board               → FirmataBoardDriver + openFirmataLink (inputs pushed, outputs
 *                                  polled by the device's subscription: firmata-device.ts)
 */
import type { Driver, Link, Logger } from '@phare/device-drivers/contract.ts';
import { DaliGatewayDriver } from '@phare/device-drivers/dali/gateway-adapter.ts';
import type { Endpoint } from '@phare/device-drivers/endpoint.ts';
import { ConfigInvalid, NotSupported } from '@phare/device-drivers/errors.ts';
import { ModbusDeviceDriver } from '@phare/device-drivers/modbus/device.ts';
import { openModbusLink } from '@phare/device-drivers/modbus/link.ts';
import { modbusPointsOf } from '../config/schema/profile.ts';
import { resolveDataDir } from '../storage/database.ts';
import { buildFirmataDevice } from './firmata-device.ts';
import { buildOpcuaDevice, type OpcuaPolicy } from './opcua-device.ts';
import { buildSerialSensorDevice } from './serial-sensor-device.ts';
import type { ProfileInput, SiteDeviceInput } from './site-input.ts';

export interface BuiltDevice {
  id: string;
  site: SiteDeviceInput;
  profile: ProfileInput;
  endpoint: Endpoint;
  driver: Driver;
  timeoutMs: number;
  pollIntervalsMs: Record<string, number>;
  /** Opens the protocol session of this device's connection (shared by its coordinator). */
  openLink: () => Promise<Link>;
  /** Pushed points with no notification for this long turn stale (site `opcua.maxAgeMs`). */
  maxAgeMs?: number;
}

export interface BuildContext {
  /** The controller's data folder: the OPC-UA client PKI lives in <dataDir>/pki/opcua. */
  dataDir: string;
  /** phare.config.yaml `opcua` (PKI folder, trust override). */
  opcua?: OpcuaPolicy;
}

const MODBUS_SCHEMES = new Set(['modbus-tcp', 'modbus-rtu', 'modbus-rtu-tcp']);

export function buildDevice(
  site: SiteDeviceInput,
  profile: ProfileInput,
  logger: Logger,
  context: BuildContext = { dataDir: resolveDataDir() },
): BuiltDevice {
  const endpoint = site.endpoint;
  const timeoutMs = profile.connection.timeoutMs;
  const pollIntervalsMs: Record<string, number> = {
    ...profile.connection.pollGroups,
    default: site.pollIntervalMs ?? profile.connection.pollIntervalMs ?? 1_000,
  };
  const base = { id: site.id, site, profile, endpoint, pollIntervalsMs };
  const linkLogger = logger.child(`link:${endpoint.connectionKey}`);
  if (profile.kind === 'opcua-controller') {
    const built = buildOpcuaDevice(site, profile, endpoint, {
      dataDir: context.dataDir,
      logger: linkLogger,
      ...(context.opcua ? { opcua: context.opcua } : {}),
    });
    return { ...base, ...built, timeoutMs };
  }
  if (profile.kind === 'serial-sensor')
    return { ...base, ...buildSerialSensorDevice(site, profile, endpoint, linkLogger) };
  if (profile.kind === 'firmata-board') {
    const context = { logger: linkLogger, pollIntervalMs: pollIntervalsMs['default']! };
    return { ...base, ...buildFirmataDevice(site, profile, endpoint, context) };
  }
  const driver = buildDriver(site, profile, endpoint);
  return {
    id: site.id,
    site,
    profile,
    endpoint,
    driver,
    timeoutMs,
    pollIntervalsMs,
    openLink: () => {
      if (!MODBUS_SCHEMES.has(endpoint.scheme)) {
        return Promise.reject(
          new NotSupported(`Device ${site.id}: no link for endpoint scheme ${endpoint.scheme} yet`, {
            device: site.id,
          }),
        );
      }
      return openModbusLink(endpoint, { timeoutMs, logger: linkLogger });
    },
  };
}

function buildDriver(site: SiteDeviceInput, profile: ProfileInput, endpoint: Endpoint): Driver {
  if (profile.protocol !== 'modbus' || !MODBUS_SCHEMES.has(endpoint.scheme)) {
    throw new NotSupported(
      `Device ${site.id}: profile ${profile.id} speaks ${profile.protocol} over ${endpoint.scheme}, ` +
        'which the controller cannot drive yet (supported: modbus over modbus-tcp, modbus-rtu, modbus-rtu-tcp)',
      { device: site.id },
    );
  }
  const unitId = site.unitId ?? unitOf(endpoint, site.id);
  const connection = profile.connection;
  if (profile.kind === 'dali-gateway') {
    if (!profile.dali) {
      throw new ConfigInvalid(`Profile ${profile.id} is a dali-gateway without a dali: register map`, {
        device: site.id,
      });
    }
    if (!site.dali) {
      throw new ConfigInvalid(
        `Device ${site.id} uses the DALI gateway profile ${profile.id} but declares no dali: line, groups and luminaires`,
        { device: site.id },
      );
    }
    return new DaliGatewayDriver({
      unitId,
      line: site.dali.line,
      map: profile.dali,
      luminaires: site.dali.luminaires.map((l) => ({
        id: l.id,
        shortAddress: l.shortAddress,
        groups: l.groups,
      })),
      groups: site.dali.groups.map((g) => g.number),
      ...(connection.maxGap !== undefined ? { maxGap: connection.maxGap } : {}),
      deviceId: site.id,
    });
  }
  return new ModbusDeviceDriver({
    unitId,
    points: modbusPointsOf(profile),
    ...(connection.maxGap !== undefined ? { maxGap: connection.maxGap } : {}),
    ...(connection.forbiddenRanges ? { forbiddenRanges: connection.forbiddenRanges } : {}),
    ...(connection.maxRegistersPerRequest !== undefined
      ? { maxRegistersPerRequest: connection.maxRegistersPerRequest }
      : {}),
    deviceId: site.id,
  });
}

/** Modbus unit id from the endpoint's `unit` parameter (default 1, the usual factory setting). */
function unitOf(endpoint: Endpoint, deviceId: string): number {
  const raw = endpoint.params['unit'] ?? '1';
  const unit = Number(raw);
  if (!Number.isInteger(unit) || unit < 0 || unit > 255) {
    throw new ConfigInvalid(`Device ${deviceId}: endpoint ${endpoint.uri} has unit=${raw}; expected 0–255`, {
      device: deviceId,
    });
  }
  return unit;
}
