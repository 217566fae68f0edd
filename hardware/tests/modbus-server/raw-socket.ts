/**
 * Test helper: a bare TCP socket that collects every byte it receives, for sending hand-made frames
 * (partial, coalesced, hostile) to a server and reading exactly what came back.
 */
import net from 'node:net';

export interface RawSocket {
  socket: net.Socket;
  received(): Buffer;
  /** Resolves once at least `count` bytes have arrived (or rejects after timeoutMs). */
  waitForBytes(count: number, timeoutMs?: number): Promise<Buffer>;
  closed: Promise<void>;
  end(): Promise<void>;
}

export async function openRawSocket(port: number): Promise<RawSocket> {
  const socket = net.connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.on('error', () => {});
  socket.setNoDelay(true);
  let buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => (buffer = Buffer.concat([buffer, chunk])));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    socket,
    received: () => buffer,
    closed,
    async waitForBytes(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (buffer.length < count) {
        if (Date.now() > deadline)
          throw new Error(`got ${buffer.length} of ${count} bytes: ${buffer.toString('hex')}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return buffer;
    },
    async end() {
      socket.destroy();
      await closed;
    },
  };
}

export function hex(text: string): Buffer {
  return Buffer.from(text.replace(/\s+/g, ''), 'hex');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
