/**
 * Starts the maquette board simulator for a device of a site file (registry name
 * `firmata-board/maquette-uno`): the endpoint says where the host finds the board.
 *   firmata:///tmp/phare/maquette            a pty whose host side is linked at that path
 *   serial-tcp://127.0.0.1:15030?protocol=firmata    a raw TCP serial server on that port
 */
import { parseEndpoint } from '@phare/device-drivers/endpoint.ts';
import { ConfigInvalid } from '@phare/device-drivers/errors.ts';
import type { RunningSimulator, SimulatorStartRequest } from '../registry-types.ts';
import type { BoardLineSpec } from './board-line.ts';
import { startFirmataBoardSimulator } from './simulator.ts';

export const FIRMATA_BOARD_SIMULATOR = 'firmata-board/maquette-uno';

export async function firmataBoardStarter(request: SimulatorStartRequest): Promise<RunningSimulator> {
  const endpoint = parseEndpoint(request.endpoint);
  let transport: BoardLineSpec;
  if (endpoint.scheme === 'firmata' && endpoint.location.kind === 'serial') {
    transport = { kind: 'pty', path: endpoint.location.path };
  } else if (
    endpoint.scheme === 'serial-tcp' &&
    endpoint.location.kind === 'tcp' &&
    endpoint.params['protocol'] === 'firmata'
  ) {
    transport = { kind: 'tcp', host: endpoint.location.host, port: endpoint.location.port };
  } else {
    throw new ConfigInvalid(
      `device ${request.deviceId}: a Firmata board simulator needs firmata:///path or serial-tcp://host:port?protocol=firmata, not ${request.endpoint}`,
      { device: request.deviceId },
    );
  }
  const sim = await startFirmataBoardSimulator({
    transport,
    ...(request.controlPort === undefined ? {} : { controlPort: request.controlPort }),
    ...(request.clock ? { clock: request.clock } : {}),
    ...(request.logger ? { logger: request.logger } : {}),
  });
  return {
    name: FIRMATA_BOARD_SIMULATOR,
    deviceId: request.deviceId,
    controlUrl: sim.controlUrl,
    stop: () => sim.stop(),
  };
}
