/**
 * Starts a DALI gateway simulator for one device of a site file (hardware/sites/*.yaml): the endpoint
 * says where to listen, the device's `dali` section lists the luminaires, the profile's `simulator:`
 * field (`dali-gateway/intesis` or `dali-gateway/dalion`) picks the model.
 */
import { parseEndpoint } from '@phare/device-drivers/endpoint.ts';
import { ConfigInvalid } from '@phare/device-drivers/errors.ts';
import type { SimulatorStartRequest, RunningSimulator } from '../registry-types.ts';
import { startDaliGatewaySimulator, type GatewayModel } from './gateway.ts';
import type { GatewayTransport } from './modbus-endpoint.ts';
import type { LuminaireSpec } from './line.ts';

interface SiteDaliSection {
  line?: number;
  luminaires: LuminaireSpec[];
}

export function daliGatewayStarter(model: GatewayModel) {
  return async (request: SimulatorStartRequest): Promise<RunningSimulator> => {
    const endpoint = parseEndpoint(request.endpoint);
    const dali = readDaliSection(request.deviceId, request.device['dali']);
    let transport: GatewayTransport;
    if (endpoint.location.kind === 'serial') {
      transport = {
        kind: 'rtu',
        path: endpoint.location.path,
        ...(endpoint.serial ? { serial: endpoint.serial } : {}),
      };
    } else {
      const kind = endpoint.scheme === 'modbus-rtu-tcp' ? 'rtu-over-tcp' : 'tcp';
      if (endpoint.scheme !== 'modbus-tcp' && endpoint.scheme !== 'modbus-rtu-tcp') {
        throw new ConfigInvalid(
          `device ${request.deviceId}: a DALI gateway speaks Modbus, not ${endpoint.scheme}`,
          {
            device: request.deviceId,
          },
        );
      }
      transport = { kind, host: endpoint.location.host, port: endpoint.location.port };
    }
    const unit = endpoint.params['unit'] === undefined ? 1 : Number(endpoint.params['unit']);
    const sim = await startDaliGatewaySimulator({
      model,
      transport,
      unitId: unit,
      line: dali.line ?? 0,
      luminaires: dali.luminaires,
      ...(request.controlPort === undefined ? {} : { controlPort: request.controlPort }),
      ...(request.clock ? { clock: request.clock } : {}),
      ...(request.logger ? { logger: request.logger } : {}),
    });
    return {
      name: `dali-gateway/${model}`,
      deviceId: request.deviceId,
      controlUrl: sim.controlUrl,
      modbusPort: sim.modbusPort,
      stop: () => sim.stop(),
    };
  };
}

function readDaliSection(deviceId: string, raw: unknown): SiteDaliSection {
  const fail = (why: string): never => {
    throw new ConfigInvalid(`device ${deviceId}: ${why}`, { device: deviceId });
  };
  if (typeof raw !== 'object' || raw === null)
    return fail('a DALI gateway needs a `dali` section with luminaires');
  const section = raw as { line?: unknown; luminaires?: unknown };
  if (!Array.isArray(section.luminaires)) return fail('`dali.luminaires` must be a list');
  const luminaires = section.luminaires.map((entry: unknown, i): LuminaireSpec => {
    const lum = entry as { shortAddress?: unknown; groups?: unknown; ratedPowerW?: unknown };
    if (typeof lum?.shortAddress !== 'number')
      return fail(`dali.luminaires[${i}].shortAddress must be a number`);
    const groups = lum.groups ?? [];
    if (!Array.isArray(groups) || groups.some((g) => typeof g !== 'number')) {
      return fail(`dali.luminaires[${i}].groups must be a list of group numbers`);
    }
    return {
      shortAddress: lum.shortAddress,
      groups: groups as number[],
      ...(typeof lum.ratedPowerW === 'number' ? { ratedPowerW: lum.ratedPowerW } : {}),
    };
  });
  if (section.line !== undefined && typeof section.line !== 'number')
    return fail('`dali.line` must be a number');
  return { luminaires, ...(typeof section.line === 'number' ? { line: section.line } : {}) };
}
