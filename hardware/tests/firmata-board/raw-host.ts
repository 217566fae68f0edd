/**
 * A bare Firmata host for the simulator tests: a TCP client that sends raw bytes and cuts what the
 * board sends into messages (protocol.md v2.5: 3-byte channel messages, F0…F7 sysex).
 */
import net from 'node:net';

export type BoardMessage =
  | { kind: 'version'; major: number; minor: number }
  | { kind: 'digital'; port: number; value: number }
  | { kind: 'analog'; channel: number; value: number }
  | { kind: 'sysex'; command: number; data: number[] };

export class RawHost {
  readonly messages: BoardMessage[] = [];
  private buffer: number[] = [];
  private waiters: (() => void)[] = [];

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => this.take(chunk));
  }

  static connect(port: number): Promise<RawHost> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => resolve(new RawHost(socket)));
      socket.once('error', reject);
    });
  }

  send(bytes: number[]): void {
    this.socket.write(Buffer.from(bytes));
  }

  /** Waits until a message matching `match` arrives (counting from `from`), or fails after timeoutMs. */
  async waitFor<T extends BoardMessage>(
    match: (m: BoardMessage) => m is T,
    timeoutMs = 3000,
    from = 0,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(from).find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `no matching message within ${timeoutMs} ms; got ${JSON.stringify(this.messages.slice(-5))}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.socket.destroy();
  }

  private take(chunk: Buffer): void {
    for (const byte of chunk) {
      if (this.buffer.length === 0 && byte < 0x80) continue;
      this.buffer.push(byte);
      const first = this.buffer[0]!;
      if (first === 0xf0) {
        if (byte === 0xf7) {
          const [, command = 0, ...rest] = this.buffer;
          this.emit({ kind: 'sysex', command, data: rest.slice(0, -1) });
        }
        continue;
      }
      if (this.buffer.length < 3) continue;
      const [, a = 0, b = 0] = this.buffer;
      if (first === 0xf9) this.emit({ kind: 'version', major: a, minor: b });
      else if ((first & 0xf0) === 0x90)
        this.emit({ kind: 'digital', port: first & 0x0f, value: a | (b << 7) });
      else if ((first & 0xf0) === 0xe0)
        this.emit({ kind: 'analog', channel: first & 0x0f, value: a | (b << 7) });
      else this.buffer = [];
    }
  }

  private emit(message: BoardMessage): void {
    this.buffer = [];
    this.messages.push(message);
    for (const wake of this.waiters.splice(0)) wake();
  }
}

export const isVersion = (m: BoardMessage): m is Extract<BoardMessage, { kind: 'version' }> =>
  m.kind === 'version';
export const isDigital = (m: BoardMessage): m is Extract<BoardMessage, { kind: 'digital' }> =>
  m.kind === 'digital';
export const isAnalog = (m: BoardMessage): m is Extract<BoardMessage, { kind: 'analog' }> =>
  m.kind === 'analog';
export const isSysex =
  (command: number) =>
  (m: BoardMessage): m is Extract<BoardMessage, { kind: 'sysex' }> =>
    m.kind === 'sysex' && m.command === command;

/** Decodes 7-bit pairs (firmware name, strings) into text. */
export function text7(data: number[]): string {
  const bytes: number[] = [];
  for (let i = 0; i + 1 < data.length; i += 2) bytes.push((data[i]! & 0x7f) | ((data[i + 1]! & 0x7f) << 7));
  return Buffer.from(bytes).toString('ascii');
}
