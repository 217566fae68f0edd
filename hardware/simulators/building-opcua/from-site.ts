/**
 * Starts the building simulator for one device of a site file: the endpoint
 * (`opc.tcp://127.0.0.1:4840/phare/building`) says where to listen; the device's optional
 * `opcua` section may give `pkiDir`, `renovated`, `users` and `allowAnonymous`.
 * The PKI defaults to `<dataDir>/pki/simulators/<device>` (dataDir: the request's, else ./data),
 * never $HOME.
 *
 * node-opcua (2.5 s to load, and it prints on stdout) is loaded only when a building simulator
 * starts, so that the simulator registry costs nothing to the CLI commands that never start one;
 * its own logs then go to the request's logger.
 */
import { join } from 'node:path';
import { parseEndpoint } from '@phare/device-drivers/endpoint.ts';
import { ConfigInvalid } from '@phare/device-drivers/errors.ts';
import type { RunningSimulator, SimulatorStartRequest } from '../registry-types.ts';
import type { UserCredentials } from './opcua-server.ts';

interface SiteOpcuaSection {
  pkiDir?: string;
  renovated?: boolean;
  allowAnonymous?: boolean;
  users?: UserCredentials[];
}

export function buildingOpcuaStarter() {
  return async (request: SimulatorStartRequest): Promise<RunningSimulator> => {
    const endpoint = parseEndpoint(request.endpoint);
    if (endpoint.scheme !== 'opc.tcp' || endpoint.location.kind !== 'tcp') {
      throw new ConfigInvalid(
        `device ${request.deviceId}: the building controller speaks opc.tcp, not ${endpoint.scheme}`,
        {
          device: request.deviceId,
        },
      );
    }
    const section = (request.device['opcua'] ?? {}) as SiteOpcuaSection;
    const [{ startBuildingSimulator }, { routeOpcuaLibraryLogs }] = await Promise.all([
      import('./simulator.ts'),
      import('@phare/device-drivers/opcua/library-logs.ts'),
    ]);
    if (request.logger) routeOpcuaLibraryLogs(request.logger);
    const sim = await startBuildingSimulator({
      port: endpoint.location.port,
      host: endpoint.location.host,
      pkiDir:
        section.pkiDir ??
        join(request.dataDir ?? join(process.cwd(), 'data'), 'pki', 'simulators', request.deviceId),
      ...(section.renovated === undefined ? {} : { renovated: section.renovated }),
      ...(section.allowAnonymous === undefined ? {} : { allowAnonymous: section.allowAnonymous }),
      ...(section.users ? { users: section.users } : {}),
      ...(request.controlPort === undefined ? {} : { controlPort: request.controlPort }),
      ...(request.clock ? { clock: request.clock } : {}),
      ...(request.logger ? { logger: request.logger } : {}),
    });
    return {
      name: 'building-opcua/school',
      deviceId: request.deviceId,
      controlUrl: sim.controlUrl,
      stop: () => sim.stop(),
    };
  };
}
