/**
 * Presents one of our ByteTransports (serial port or TCP, transports/contract.ts) as the
 * EventEmitter stream firmata-io expects of a serialport instance: `write(buffer, callback)` and the
 * events `open`, `data`, `close`, `error` (firmata-io lib/firmata.js, constructor).
 *
 * Why not hand firmata-io a raw SerialPort: our serial transport notices a vanished device path
 * (a pulled USB cable or a removed pty) that serialport alone may never report (transports/serial.ts),
 * and the same link then works over a serial device server (TCP).
 */
import { EventEmitter } from 'node:events';
import type { ByteTransport } from '../transports/contract.ts';

export class TransportStream extends EventEmitter {
  constructor(private readonly transport: ByteTransport) {
    super();
    transport.onData((chunk) => this.emit('data', chunk));
    // firmata-io treats a plain 'close' as the end of the board; errors stay with the link, since
    // an 'error' event nobody listens to would throw.
    transport.onClose(() => this.emit('close'));
  }

  get isOpen(): boolean {
    return this.transport.isOpen;
  }

  /** Called by the link once the transport is open: firmata-io then emits 'connect'. */
  opened(): void {
    this.emit('open');
  }

  write(data: Buffer, callback?: (error?: Error) => void): boolean {
    this.transport.write(data).then(
      () => callback?.(),
      (error: unknown) => callback?.(error instanceof Error ? error : new Error(String(error))),
    );
    return true;
  }
}
