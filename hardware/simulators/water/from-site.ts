/**
 * Registry starters for the water simulators: the site device's endpoint says where the sensor sits.
 *   sdi12:///tmp/phare/river-gauge?address=0          pty, the driver opens that stable path
 *   serial-tcp://127.0.0.1:4002?protocol=sdi12&address=0   raw TCP serial server on that port
 *   serial:///tmp/phare/basin?protocol=ascii-line     streaming instruments on a pty
 *   modbus-rtu:///tmp/phare/meter?unit=1 | modbus-rtu-tcp://127.0.0.1:4010?unit=1   Modbus instruments
 */
import { parseEndpoint } from '@phare/device-drivers/endpoint.ts';
import { ConfigInvalid } from '@phare/device-drivers/errors.ts';
import type { RunningSimulator, SimulatorStartRequest, SimulatorStarter } from '../registry-types.ts';
import { startBuildingMeterSimulator } from './building-meter.ts';
import { startLevelineSimulator } from './leveline.ts';
import { startQualityProbeSimulator } from './quality-probe.ts';
import { startRetentionBasinSimulator } from './retention-basin.ts';
import { startRiverGaugeSimulator } from './river-gauge.ts';
import type { SimLineSpec } from './sim-line.ts';
import { startSurfaceRadarSimulator } from './surface-radar.ts';

interface Started {
  controlUrl: string | undefined;
  stop(): Promise<void>;
  line: { port: number | undefined };
}

function lineOf(
  request: SimulatorStartRequest,
  schemes: string[],
): { spec: SimLineSpec; params: Record<string, string> } {
  const endpoint = parseEndpoint(request.endpoint);
  if (!schemes.includes(endpoint.scheme))
    throw new ConfigInvalid(
      `device ${request.deviceId}: this simulator needs a ${schemes.join(' or ')} endpoint, not ${endpoint.scheme}`,
      {
        device: request.deviceId,
      },
    );
  const spec: SimLineSpec =
    endpoint.location.kind === 'serial'
      ? { kind: 'pty', path: endpoint.location.path }
      : { kind: 'tcp', host: endpoint.location.host, port: endpoint.location.port };
  return { spec, params: endpoint.params };
}

function common(request: SimulatorStartRequest) {
  return {
    ...(request.controlPort === undefined ? {} : { controlPort: request.controlPort }),
    ...(request.clock ? { clock: request.clock } : {}),
    ...(request.logger ? { logger: request.logger } : {}),
  };
}

function starter(
  name: string,
  schemes: string[],
  start: (
    line: SimLineSpec,
    params: Record<string, string>,
    request: SimulatorStartRequest,
  ) => Promise<Started>,
): SimulatorStarter {
  return async (request): Promise<RunningSimulator> => {
    const { spec, params } = lineOf(request, schemes);
    const sim = await start(spec, params, request);
    return { name, deviceId: request.deviceId, controlUrl: sim.controlUrl, stop: () => sim.stop() };
  };
}

const unitOf = (params: Record<string, string>): number =>
  params['unit'] === undefined ? 1 : Number(params['unit']);
const SERIAL = ['serial', 'serial-tcp'];
const MODBUS = ['modbus-rtu', 'modbus-rtu-tcp'];

/** Rows to add to hardware/simulators/index.ts SIMULATORS. */
export const WATER_SIMULATORS: Readonly<Record<string, SimulatorStarter>> = {
  'water/river-gauge': starter('water/river-gauge', ['sdi12', 'serial-tcp'], (line, params, request) =>
    startRiverGaugeSimulator({
      line,
      ...(params['address'] ? { address: params['address'] } : {}),
      ...common(request),
    }),
  ),
  'water/retention-basin': starter('water/retention-basin', SERIAL, (line, _params, request) =>
    startRetentionBasinSimulator({ line, ...common(request) }),
  ),
  'water/surface-radar': starter('water/surface-radar', SERIAL, (line, _params, request) =>
    startSurfaceRadarSimulator({ line, ...common(request) }),
  ),
  'water/quality-probe': starter('water/quality-probe', MODBUS, (line, params, request) =>
    startQualityProbeSimulator({ line, unitId: unitOf(params), ...common(request) }),
  ),
  'water/leveline': starter('water/leveline', MODBUS, (line, params, request) =>
    startLevelineSimulator({ line, unitId: unitOf(params), ...common(request) }),
  ),
  'water/building-meter': starter('water/building-meter', MODBUS, (line, params, request) =>
    startBuildingMeterSimulator({ line, unitId: unitOf(params), ...common(request) }),
  ),
};
