/**
 * Opens a FirmataLink (link.ts) from an endpoint: our transport (transports/serial.ts or tcp.ts)
 * → `new Firmata(stream)` from firmata-io → johnny-five `new Board({ io, repl: false, debug: false,
 * sigint: false })`, each step awaited. firmata-io asks for the version itself after
 * `reportVersionTimeoutMs` (ours 250 ms instead of 5000, protocols.md §6.3).
 */
import { silentLogger, type Logger } from '../contract.ts';
import { parseEndpoint, type Endpoint } from '../endpoint.ts';
import { ConfigInvalid, Disconnected, Timeout, type PhareError } from '../errors.ts';
import type { ByteTransport } from '../transports/contract.ts';
import { createSerialTransport } from '../transports/serial.ts';
import { createTcpTransport } from '../transports/tcp.ts';
import { Firmata, johnnyFive } from './five.ts';
import { FirmataLink, type FirmataLinkOptions } from './link.ts';
import { TransportStream } from './transport-stream.ts';

export async function openFirmataLink(
  endpointOrUri: string | Endpoint,
  options: FirmataLinkOptions = {},
): Promise<FirmataLink> {
  const endpoint = typeof endpointOrUri === 'string' ? parseEndpoint(endpointOrUri) : endpointOrUri;
  const logger = (options.logger ?? silentLogger).child('firmata');
  const device = options.device ?? `Firmata board at ${endpoint.uri}`;
  const transport = transportFor(endpoint, options, logger);
  const stream = new TransportStream(transport);
  const io = new Firmata(stream, {
    reportVersionTimeout: options.reportVersionTimeoutMs ?? 250,
    ...(options.samplingIntervalMs === undefined ? {} : { samplingInterval: options.samplingIntervalMs }),
  });
  const link = new FirmataLink(transport, io, stream, device, logger);
  await transport.open();
  stream.opened();
  const readyTimeoutMs = options.readyTimeoutMs ?? 5000;
  try {
    await whenReady(link, readyTimeoutMs, device);
    const five = johnnyFive();
    const board = new five.Board({ io, repl: false, debug: false, sigint: false, id: device });
    link.attachBoard(board);
    await new Promise<void>((resolve) => (board.isReady ? resolve() : board.once('ready', () => resolve())));
  } catch (error) {
    await link.close();
    throw error;
  }
  logger.info('firmata board ready', { link: link.description, firmware: link.firmware });
  return link;
}

function transportFor(endpoint: Endpoint, options: FirmataLinkOptions, logger: Logger): ByteTransport {
  const { location } = endpoint;
  if (endpoint.scheme === 'firmata' && location.kind === 'serial' && endpoint.serial) {
    return createSerialTransport({
      path: location.path,
      serial: endpoint.serial,
      ...(options.lock === undefined ? {} : { lock: options.lock }),
      logger,
    });
  }
  if (
    endpoint.scheme === 'serial-tcp' &&
    location.kind === 'tcp' &&
    endpoint.params['protocol'] === 'firmata'
  ) {
    return createTcpTransport({
      host: location.host,
      port: location.port,
      ...(endpoint.serial ? { serial: endpoint.serial } : {}),
      ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
      logger,
    });
  }
  throw new ConfigInvalid(
    `Endpoint "${endpoint.uri}" is not a Firmata endpoint: use firmata:///dev/ttyACM0 or serial-tcp://host:port?protocol=firmata`,
  );
}

/** firmata-io's handshake: version, firmware, capabilities, analog mapping, then "ready". */
function whenReady(link: FirmataLink, timeoutMs: number, device: string): Promise<void> {
  const { io } = link;
  return new Promise<void>((resolve, reject) => {
    const done = (error?: PhareError): void => {
      clearTimeout(timer);
      io.off('ready', onReady);
      if (error) reject(error);
      else resolve();
    };
    const onReady = (): void => done();
    const timer = setTimeout(() => {
      const step =
        link.lastHeardAt === 0
          ? 'the board sent nothing'
          : `version ${io.version.major ?? '?'}.${io.version.minor ?? '?'}, firmware "${io.firmware.name ?? '?'}"`;
      done(
        new Timeout(
          `${device}: no Firmata handshake within ${timeoutMs} ms on ${link.description} (${step}); is StandardFirmata flashed and the baud 57600?`,
          { device, detail: { timeoutMs } },
        ),
      );
    }, timeoutMs);
    io.once('ready', onReady);
    link.onClose((error) =>
      done(
        error instanceof Disconnected
          ? error
          : new Disconnected(`${device}: line closed during the handshake`, { device }),
      ),
    );
  });
}
