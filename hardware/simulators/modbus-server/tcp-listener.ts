/**
 * The TCP side shared by the Modbus TCP server and the RTU-over-TCP server: listen (port 0 =
 * ephemeral), track connections so close() and dropConnections() reach them all, count them, and
 * never let one socket's error reach the process.
 */
import net from 'node:net';
import type { Logger } from '@phare/device-drivers/contract.ts';

export interface ServerStats {
  /** Requests received (well-formed frames), over all connections. */
  requests: number;
  /** Connections accepted since the server started. */
  connections: number;
  /** Connections open now. */
  openConnections: number;
}

export interface RunningTcpServer {
  readonly port: number;
  readonly stats: ServerStats;
  /** Stop listening, cut every connection, resolve when the listener is closed. */
  close(): Promise<void>;
  /** Cut every open connection (fault injection: a pulled cable); keeps listening. */
  dropConnections(): void;
}

export interface TcpListenerOptions {
  host?: string;
  port: number;
  logger: Logger;
  onConnection(socket: net.Socket, stats: ServerStats): void;
}

export async function listenTcp(options: TcpListenerOptions): Promise<RunningTcpServer> {
  const stats: ServerStats = { requests: 0, connections: 0, openConnections: 0 };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    stats.connections++;
    stats.openConnections++;
    sockets.add(socket);
    socket.setNoDelay(true);
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    options.logger.debug('connection opened', { peer });
    socket.on('error', (error) => options.logger.debug('connection error', { peer, error: error.message }));
    socket.on('close', () => {
      sockets.delete(socket);
      stats.openConnections--;
      options.logger.debug('connection closed', { peer });
    });
    options.onConnection(socket, stats);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => options.logger.error('listener error', { error: error.message }));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;

  const dropConnections = (): void => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    port,
    stats,
    dropConnections,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        dropConnections();
      }),
  };
}
