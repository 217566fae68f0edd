import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Canceled, Disconnected } from '@phare/device-drivers/errors.ts';
import type { ByteTransport, SerialSettings } from '@phare/device-drivers/transports/contract.ts';
import { openPtyPair, type PtyPair } from '@phare/device-drivers/transports/pty-pair.ts';
import { createSerialTransport } from '@phare/device-drivers/transports/serial.ts';

const LINE: SerialSettings = { baudRate: 19200, dataBits: 8, parity: 'even', stopBits: 1 };

let pty: PtyPair | undefined;
const transports: ByteTransport[] = [];

function open(path: string, serial = LINE): ByteTransport {
  const transport = createSerialTransport({ path, serial });
  transports.push(transport);
  return transport;
}

afterEach(async () => {
  await Promise.all(transports.splice(0).map((transport) => transport.close()));
  await pty?.close();
  pty = undefined;
});

describe('serial transport over a socat pty pair', () => {
  it('carries bytes both ways, whatever settings each end chose (a pty does not emulate them)', async () => {
    pty = await openPtyPair();
    const a = open(pty.a);
    const b = open(pty.b, { baudRate: 1200, dataBits: 7, parity: 'even', stopBits: 1 });
    let atA = Buffer.alloc(0);
    let atB = Buffer.alloc(0);
    a.onData((chunk) => (atA = Buffer.concat([atA, chunk])));
    b.onData((chunk) => (atB = Buffer.concat([atB, chunk])));
    await a.open();
    await b.open();
    await a.write(Buffer.from('0M!\r\n'));
    await b.write(Buffer.from([0x00, 0xff, 0x80]));
    await waitFor(() => atB.length === 5 && atA.length === 3);
    expect(atB.toString()).toBe('0M!\r\n');
    expect([...atA]).toEqual([0x00, 0xff, 0x80]);
    expect(a.isSerialLine).toBe(true);
    expect(b.description).toBe(`serial ${pty.b} 1200 7E1`);
  });

  it('rejects open() with Disconnected for a port that does not exist', async () => {
    const error = await open('/dev/phare-no-such-port')
      .open()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Disconnected);
    expect((error as Error).message).toMatch(/phare-no-such-port/);
  });

  it('a write after close() is Canceled', async () => {
    pty = await openPtyPair();
    const a = open(pty.a);
    await a.open();
    await a.close();
    await expect(a.write(Buffer.from([1]))).rejects.toBeInstanceOf(Canceled);
  });

  it('calls onClose with Disconnected when the other end of the cable goes away', async () => {
    pty = await openPtyPair();
    const a = open(pty.a);
    const dropped = new Promise<Error | undefined>((resolve) => a.onClose(resolve));
    await a.open();
    await pty.close();
    expect(await dropped).toBeInstanceOf(Disconnected);
  });
});

describe('pty pair', () => {
  it('makes two linked device paths and removes them on close', async () => {
    pty = await openPtyPair();
    expect(existsSync(pty.a) && existsSync(pty.b)).toBe(true);
    const { a, b } = pty;
    await pty.close();
    pty = undefined;
    expect(existsSync(a) || existsSync(b)).toBe(false);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
