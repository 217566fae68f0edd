/**
 * Modbus TCP server for simulators: MBAP framing on node:net (protocols.md §3.4).
 *
 * Why our own framing rather than modbus-serial's ServerTCP: that one tops out near 700 requests/s,
 * while the benches need many thousands per second on loopback. This one reassembles partial and
 * coalesced frames, accepts pipelined requests (handlers may run concurrently; answers leave in
 * request order per connection), and survives hostile clients: an impossible MBAP length closes
 * that connection only (Messaging Implementation Guide V1.0b §4.4.1.3), a non-zero protocol id is
 * ignored, a bad PDU gets the exception the Application Protocol's state diagrams name.
 */
import type net from 'node:net';
import { silentLogger, type Logger } from '@phare/device-drivers/contract.ts';
import { MbapFrameReader, encodeMbapFrame, type MbapFrame } from '@phare/device-drivers/modbus/mbap.ts';
import type { ModbusUnitResolver } from '@phare/device-drivers/modbus/types.ts';
import { answerRequest, type AnswerContext } from './answer-request.ts';
import { listenTcp, type RunningTcpServer, type ServerStats } from './tcp-listener.ts';

export interface ModbusTcpServerOptions {
  /** Default 127.0.0.1: local-only unless asked (ARCHITECTURE.md §6). */
  host?: string;
  /** 0 = ephemeral; read the chosen one from the result. */
  port: number;
  resolveUnit: ModbusUnitResolver;
  logger?: Logger;
  /** Requests one connection may have pending before we stop reading its socket (backpressure). Default 256. */
  maxPendingPerConnection?: number;
}

export type ModbusTcpServer = RunningTcpServer;

export function startModbusTcpServer(options: ModbusTcpServerOptions): Promise<ModbusTcpServer> {
  const logger = (options.logger ?? silentLogger).child('modbus-tcp-server');
  const context: AnswerContext = {
    resolveUnit: options.resolveUnit,
    unknownUnit: 'gateway-exception',
    logger,
  };
  const maxPending = options.maxPendingPerConnection ?? 256;
  return listenTcp({
    ...(options.host ? { host: options.host } : {}),
    port: options.port,
    logger,
    onConnection: (socket, stats) => serveConnection(socket, stats, context, maxPending, logger),
  });
}

function serveConnection(
  socket: net.Socket,
  stats: ServerStats,
  context: AnswerContext,
  maxPending: number,
  logger: Logger,
): void {
  const reader = new MbapFrameReader();
  // Answers leave in request order: each waits for the one before it.
  let tail: Promise<void> = Promise.resolve();
  let pending = 0;

  const handle = (frame: MbapFrame): void => {
    if (frame.protocolId !== 0) {
      logger.debug('ignoring frame with non-Modbus protocol id', { protocolId: frame.protocolId });
      return;
    }
    stats.requests++;
    pending++;
    if (pending >= maxPending) socket.pause();
    const answer = answerRequest(context, frame.unit, frame.pdu);
    tail = tail
      .then(() => answer)
      .then((pdu) => {
        if (pdu && socket.writable) socket.write(encodeMbapFrame(frame.transactionId, frame.unit, pdu));
      })
      .catch((error: unknown) => logger.error('answer failed', { error: String(error) }))
      .finally(() => {
        pending--;
        if (socket.isPaused() && pending < maxPending / 2 && !socket.destroyed) socket.resume();
      });
  };

  socket.on('data', (chunk: Buffer) => {
    const { frames, corrupt } = reader.push(chunk);
    for (const frame of frames) handle(frame);
    if (corrupt) {
      logger.warn('closing connection: MBAP stream corrupt', { reason: corrupt });
      socket.destroy();
    }
  });
}
