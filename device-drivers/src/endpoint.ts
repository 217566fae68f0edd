/**
 * Endpoint URIs: one string selects transport and protocol (ARCHITECTURE.md §2).
 *
 *   modbus-tcp://host:502?unit=1
 *   modbus-rtu:///dev/ttyUSB0?baud=19200&parity=even&unit=3
 *   modbus-rtu-tcp://host:4001?unit=3          RTU frames through a serial device server
 *   opc.tcp://host:4840/path
 *   sdi12:///dev/ttyUSB1?address=0
 *   serial-tcp://host:4002?protocol=sdi12&address=0
 *   firmata:///dev/ttyACM0
 */
import { ConfigInvalid } from './errors.ts';
import type { SerialSettings } from './transports/contract.ts';

export type EndpointScheme =
  'modbus-tcp' | 'modbus-rtu' | 'modbus-rtu-tcp' | 'opc.tcp' | 'sdi12' | 'serial-tcp' | 'serial' | 'firmata';

export interface TcpLocation {
  kind: 'tcp';
  host: string;
  port: number;
}
export interface SerialLocation {
  kind: 'serial';
  path: string;
}

export interface Endpoint {
  uri: string;
  scheme: EndpointScheme;
  location: TcpLocation | SerialLocation;
  /** Serial framing for serial schemes and serial device servers (defaults per protocol). */
  serial?: SerialSettings;
  /** Remaining query parameters (unit, address, protocol…), as strings. */
  params: Record<string, string>;
  /** Key of the physical connection: devices sharing it share one coordinator. */
  connectionKey: string;
}

const DEFAULT_PORTS: Partial<Record<EndpointScheme, number>> = {
  'modbus-tcp': 502,
  'modbus-rtu-tcp': 4001,
  'opc.tcp': 4840,
  'serial-tcp': 4001,
};

const SERIAL_SCHEMES = new Set<EndpointScheme>(['modbus-rtu', 'sdi12', 'serial', 'firmata']);
const KNOWN_SCHEMES = new Set<EndpointScheme>([
  'modbus-tcp',
  'modbus-rtu',
  'modbus-rtu-tcp',
  'opc.tcp',
  'sdi12',
  'serial-tcp',
  'serial',
  'firmata',
]);

/** Default serial settings per scheme: Modbus RTU 19200 8E1 (Modbus over serial line V1.02 §2.5.1), SDI-12 1200 7E1. */
function defaultSerial(scheme: EndpointScheme, params: Record<string, string>): SerialSettings {
  const protocol = scheme === 'serial-tcp' || scheme === 'serial' ? params['protocol'] : scheme;
  if (protocol === 'sdi12') return { baudRate: 1200, dataBits: 7, parity: 'even', stopBits: 1 };
  if (scheme === 'firmata') return { baudRate: 57600, dataBits: 8, parity: 'none', stopBits: 1 };
  if (protocol === 'modbus-rtu' || scheme === 'modbus-rtu-tcp')
    return { baudRate: 19200, dataBits: 8, parity: 'even', stopBits: 1 };
  return { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 };
}

export function parseEndpoint(uri: string): Endpoint {
  const match = /^([a-z0-9.+-]+):\/\/(.*)$/i.exec(uri);
  if (!match)
    throw new ConfigInvalid(
      `Endpoint "${uri}" is not a URI: expected scheme://… (for example modbus-tcp://127.0.0.1:502?unit=1)`,
    );
  const scheme = match[1]!.toLowerCase() as EndpointScheme;
  if (!KNOWN_SCHEMES.has(scheme)) {
    throw new ConfigInvalid(
      `Endpoint "${uri}": unknown scheme "${scheme}"; known: ${[...KNOWN_SCHEMES].join(', ')}`,
    );
  }
  const rest = match[2]!;
  const [pathPart = '', query = ''] = rest.split('?', 2);
  const params: Record<string, string> = Object.fromEntries(new URLSearchParams(query));

  let location: TcpLocation | SerialLocation;
  if (SERIAL_SCHEMES.has(scheme)) {
    if (!pathPart.startsWith('/'))
      throw new ConfigInvalid(
        `Endpoint "${uri}": a serial endpoint needs an absolute device path, as in ${scheme}:///dev/ttyUSB0`,
      );
    location = { kind: 'serial', path: decodeURIComponent(pathPart) };
  } else {
    const hostPort = /^(\[[^\]]+\]|[^:/]+)(?::(\d+))?(\/.*)?$/.exec(pathPart);
    if (!hostPort) throw new ConfigInvalid(`Endpoint "${uri}": expected host[:port] after ${scheme}://`);
    const port = hostPort[2] ? Number(hostPort[2]) : DEFAULT_PORTS[scheme];
    if (port === undefined || !Number.isInteger(port) || port < 1 || port > 65535) {
      throw new ConfigInvalid(`Endpoint "${uri}": port must be 1–65535`);
    }
    location = { kind: 'tcp', host: hostPort[1]!.replace(/^\[|\]$/g, ''), port };
  }

  let serial: SerialSettings | undefined;
  if (location.kind === 'serial' || scheme === 'modbus-rtu-tcp' || scheme === 'serial-tcp') {
    const base = defaultSerial(scheme, params);
    const baud = params['baud'] ? Number(params['baud']) : base.baudRate;
    if (!Number.isInteger(baud) || baud < 300 || baud > 4_000_000)
      throw new ConfigInvalid(`Endpoint "${uri}": baud must be an integer baud rate`);
    const parity = (params['parity'] ?? base.parity) as SerialSettings['parity'];
    if (!['none', 'even', 'odd'].includes(parity))
      throw new ConfigInvalid(`Endpoint "${uri}": parity must be none, even or odd`);
    const dataBits = Number(params['dataBits'] ?? base.dataBits);
    if (dataBits !== 7 && dataBits !== 8)
      throw new ConfigInvalid(`Endpoint "${uri}": dataBits must be 7 or 8`);
    const stopBits = Number(params['stopBits'] ?? base.stopBits);
    if (stopBits !== 1 && stopBits !== 2)
      throw new ConfigInvalid(`Endpoint "${uri}": stopBits must be 1 or 2`);
    serial = { baudRate: baud, parity, dataBits, stopBits };
  }

  const connectionKey =
    location.kind === 'tcp' ? `${scheme}://${location.host}:${location.port}` : `serial:${location.path}`;
  return { uri, scheme, location, ...(serial ? { serial } : {}), params, connectionKey };
}
