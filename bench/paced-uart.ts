/**
 * The master's UART, emulated over a pty for the serial benchmarks. A socat pty passes bytes at once
 * and refuses the break ioctl (protocols.md §7.3); the simulators pace their own answers
 * (water/pacing.ts, modbus-server emulateLineTiming), but nothing paces what the master sends. So
 * this wrapper, put between the driver and the pty, delivers each write when its last character
 * would have left a real UART at the line's baud (bits per character from SerialSettings), and
 * turns `sendBreak(ms)` into holding the line for `ms`. It also records every chunk in each
 * direction with its time, so a benchmark can compute the standard's time for what actually went
 * over the wire.
 */
import { bitsPerCharacter, type ByteTransport } from '@phare/device-drivers/transports/contract.ts';

export interface WireEvent {
  direction: 'sent' | 'received' | 'break';
  text: string;
  at: number;
}

export interface PacedUart extends ByteTransport {
  /** Every chunk sent (when it finished leaving) and received, oldest first. */
  readonly wire: WireEvent[];
  /** Milliseconds per character at the line's settings. */
  readonly characterMs: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function pacedUart(inner: ByteTransport): PacedUart {
  const serial = inner.serial;
  if (!serial) throw new Error(`${inner.description} has no serial settings to pace`);
  const characterMs = (bitsPerCharacter(serial) * 1000) / serial.baudRate;
  const wire: WireEvent[] = [];
  // Writes leave one after the other, as from one UART.
  let lineFreeAt = 0;
  inner.onData((chunk) => wire.push({ direction: 'received', text: chunk.toString('latin1'), at: now() }));
  return {
    description: `${inner.description} (UART timing emulated by the benchmark)`,
    isSerialLine: inner.isSerialLine,
    serial,
    characterMs,
    wire,
    get isOpen() {
      return inner.isOpen;
    },
    open: () => inner.open(),
    close: () => inner.close(),
    onData: (listener) => inner.onData(listener),
    onClose: (listener) => inner.onClose(listener),
    async write(data: Uint8Array): Promise<void> {
      const start = Math.max(now(), lineFreeAt);
      const done = start + data.length * characterMs;
      lineFreeAt = done;
      await sleep(done - now());
      await inner.write(data);
      wire.push({ direction: 'sent', text: Buffer.from(data).toString('latin1'), at: now() });
    },
    async sendBreak(durationMs: number): Promise<void> {
      await sleep(durationMs);
      lineFreeAt = Math.max(lineFreeAt, now());
      wire.push({ direction: 'break', text: '', at: now() });
    },
  };
}

function now(): number {
  return performance.now();
}
