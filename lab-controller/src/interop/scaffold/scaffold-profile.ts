/**
 * `phare profile scaffold`: a first draft of a profile from the device itself. Modbus: a register
 * scan (modbus-scan.ts); OPC-UA: a browse of the address space (device-drivers/src/opcua
 * discoverOpcua and draftProfileYaml, loaded only for opc.tcp endpoints). The draft is YAML text
 * with TODO comments where a human must read the datasheet.
 */
import { silentLogger, type Logger } from '@phare/device-drivers/contract.ts';
import { parseEndpoint } from '@phare/device-drivers/endpoint.ts';
import { ConfigInvalid } from '@phare/device-drivers/errors.ts';
import { openModbusLink } from '@phare/device-drivers/modbus/link.ts';
import type { OpcuaBench } from '../target.ts';
import { modbusDraftYaml } from './modbus-draft-yaml.ts';
import { scanRegisters, type ScannedTable } from './modbus-scan.ts';

export interface ScaffoldOptions {
  endpoint: string;
  /** Modbus: the register range to scan. Default 0–199. */
  from?: number;
  to?: number;
  /** Modbus: unit id, overriding the endpoint's `?unit=`. */
  unit?: number;
  tables?: ScannedTable[];
  timeoutMs?: number;
  minRequestIntervalMs?: number;
  /** OPC-UA: client PKI and trust. */
  opcua?: OpcuaBench;
  serialLock?: boolean;
  logger?: Logger;
  now?: () => Date;
}

export interface ScaffoldResult {
  yaml: string;
  /** One line for the terminal. */
  summary: string;
}

export async function scaffoldProfile(options: ScaffoldOptions): Promise<ScaffoldResult> {
  const logger = options.logger ?? silentLogger;
  const scannedAt = (options.now ?? (() => new Date()))().toISOString();
  let endpoint = parseEndpoint(options.endpoint);
  if (endpoint.scheme === 'opc.tcp') {
    if (!options.opcua)
      throw new ConfigInvalid('an OPC-UA scaffold needs a PKI folder for the client certificate');
    const opcua = await import('@phare/device-drivers/opcua/index.ts');
    opcua.routeOpcuaLibraryLogs(logger.child('node-opcua'));
    const draft = await opcua.discoverOpcua(endpoint.uri, {
      pkiDir: options.opcua.pkiDir,
      trustUnknownServerCertificates: options.opcua.trustUnknownServerCertificates,
      ...(options.opcua.userIdentity ? { userIdentity: options.opcua.userIdentity } : {}),
      timeoutMs: options.timeoutMs ?? 5000,
      logger,
    });
    return {
      yaml: opcua.draftProfileYaml(draft),
      summary: `${draft.points.length} variable(s) found on ${endpoint.uri}${draft.truncated ? ' (browse truncated)' : ''}`,
    };
  }
  if (!endpoint.scheme.startsWith('modbus'))
    throw new ConfigInvalid(
      `profile scaffold knows Modbus (modbus-tcp://, modbus-rtu://, modbus-rtu-tcp://) and OPC-UA (opc.tcp://), not ${endpoint.scheme}://`,
    );
  if (options.unit !== undefined) {
    const [base = '', query = ''] = endpoint.uri.split('?', 2);
    const params = new URLSearchParams(query);
    params.set('unit', String(options.unit));
    endpoint = parseEndpoint(`${base}?${params.toString()}`);
  }
  const from = options.from ?? 0;
  const to = options.to ?? 199;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > 65535 || from > to)
    throw new ConfigInvalid(`scan range ${from}–${to}: give 0 ≤ from ≤ to ≤ 65535`);
  const client = await openModbusLink(endpoint, {
    timeoutMs: options.timeoutMs ?? 1000,
    maxInFlight: 1,
    logger,
    ...(options.serialLock === undefined ? {} : { lock: options.serialLock }),
  });
  try {
    const scan = await scanRegisters(client, {
      unit: Number(endpoint.params['unit'] ?? '1'),
      from,
      to,
      tables: options.tables ?? ['holding', 'input'],
      ...(options.minRequestIntervalMs === undefined
        ? {}
        : { minRequestIntervalMs: options.minRequestIntervalMs }),
      logger,
    });
    return {
      yaml: modbusDraftYaml({ endpoint: endpoint.uri, scannedAt, from, to, scan }),
      summary: `${scan.found.length} register(s) found in ${from}–${to} on ${endpoint.uri} with ${scan.requests} request(s)`,
    };
  } finally {
    await client.close().catch(() => undefined);
  }
}
