/**
 * A TCP proxy the chaos tests put between the controller and a simulator, to break the wire the
 * way a real installation breaks it: `cut()` resets every open connection (a switch reboot), and
 * with `block()` every new one too until `unblock()` (a pulled cable, plugged back later);
 * `hold()` keeps the device's answers back until `release()` (a congested link, a gateway
 * answering past the request timeout).
 *
 * It only forwards bytes: it knows nothing of Modbus, so what the controller sees is exactly what
 * the simulator sent, late or never.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  /** The port the controller connects to. */
  readonly port: number;
  /** Connections accepted since the start (a reconnect after a cut adds one). */
  readonly accepted: number;
  /** Bytes of answers currently held back. */
  readonly heldBytes: number;
  /** Resets every open connection; new ones are accepted as before. */
  cut(): void;
  /** Resets every new connection at once, until `unblock()`. */
  block(): void;
  unblock(): void;
  /** From now on, keeps the device's answers back. */
  hold(): void;
  /** Sends the held answers (late) and forwards again. */
  release(): void;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket;
  held: Buffer[];
}

export async function startTcpProxy(upstreamPort: number, upstreamHost = '127.0.0.1'): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let holding = false;
  let blocked = false;
  let accepted = 0;

  const server: Server = createServer((client) => {
    if (blocked) {
      client.on('error', () => undefined);
      client.resetAndDestroy();
      return;
    }
    accepted++;
    const upstream = connect(upstreamPort, upstreamHost);
    const pair: Pair = { client, upstream, held: [] };
    pairs.add(pair);
    const drop = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      if (holding) pair.held.push(chunk);
      else client.write(chunk);
    });
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', drop);
    upstream.on('close', drop);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    port,
    get accepted() {
      return accepted;
    },
    get heldBytes() {
      let n = 0;
      for (const p of pairs) for (const b of p.held) n += b.length;
      return n;
    },
    cut() {
      for (const pair of [...pairs]) {
        pairs.delete(pair);
        // RST rather than FIN: the peer learns it from an error, as with a pulled cable and a reboot.
        pair.client.resetAndDestroy();
        pair.upstream.destroy();
      }
    },
    block() {
      blocked = true;
    },
    unblock() {
      blocked = false;
    },
    hold() {
      holding = true;
    },
    release() {
      holding = false;
      for (const pair of pairs) {
        for (const chunk of pair.held.splice(0)) if (!pair.client.destroyed) pair.client.write(chunk);
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const pair of pairs) {
          pair.client.destroy();
          pair.upstream.destroy();
        }
        pairs.clear();
        server.close(() => resolve());
      }),
  };
}
