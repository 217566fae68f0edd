/**
 * A Modbus TCP "device" on a loopback port that answers the first request of each connection with
 * fast-check-generated garbage (random bytes, a frame with the right transaction id and a random
 * PDU, another transaction id, a truncated or a wrong-protocol frame, silence), then honestly.
 * Our client must turn every case into one of the closed set of errors, produce register values only
 * from a well-formed answer to its own transaction, and stay usable or drop the link cleanly so a
 * new connection works (issue 9 §5; Implementation Guide V1.0b §3.1.3, §4.4.1.3).
 */
import net from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PhareError } from '@phare/device-drivers/errors.ts';
import { createModbusClient } from '@phare/device-drivers/modbus/client.ts';
import type { ModbusClient } from '@phare/device-drivers/modbus/client-contract.ts';
import { encodeMbapFrame, MbapFrameReader } from '@phare/device-drivers/modbus/mbap.ts';
import { createTcpTransport } from '@phare/device-drivers/transports/tcp.ts';

const UNIT = 1;
/** Holding registers 0 and 1 of the honest device. */
const REGISTERS = [0x1234, 0xbeef];
const HONEST_PDU = Buffer.of(0x03, 0x04, 0x12, 0x34, 0xbe, 0xef);
const TIMEOUT_MS = 300;

type Recipe =
  | { kind: 'random'; bytes: Uint8Array }
  | { kind: 'right-id-random-pdu'; pdu: Uint8Array }
  | { kind: 'other-id'; delta: number }
  | { kind: 'truncated'; keep: number }
  | { kind: 'wrong-protocol'; protocolId: number }
  | { kind: 'bad-length'; length: number }
  | { kind: 'silence' };

const recipe: fc.Arbitrary<Recipe> = fc.oneof(
  fc.record({ kind: fc.constant('random' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
  fc.record({
    kind: fc.constant('right-id-random-pdu' as const),
    pdu: fc.uint8Array({ minLength: 1, maxLength: 12 }),
  }),
  fc.record({ kind: fc.constant('other-id' as const), delta: fc.integer({ min: 1, max: 0xfffe }) }),
  fc.record({ kind: fc.constant('truncated' as const), keep: fc.integer({ min: 1, max: 12 }) }),
  fc.record({
    kind: fc.constant('wrong-protocol' as const),
    protocolId: fc.integer({ min: 1, max: 0xffff }),
  }),
  fc.record({
    kind: fc.constant('bad-length' as const),
    length: fc.oneof(fc.constant(0), fc.constant(1), fc.integer({ min: 255, max: 0xffff })),
  }),
  fc.constant({ kind: 'silence' as const }),
);

function garbageFor(r: Recipe, transactionId: number): Buffer {
  const honest = encodeMbapFrame(transactionId, UNIT, HONEST_PDU);
  switch (r.kind) {
    case 'random':
      return Buffer.from(r.bytes);
    case 'right-id-random-pdu':
      return encodeMbapFrame(transactionId, UNIT, r.pdu);
    case 'other-id':
      return encodeMbapFrame((transactionId + r.delta) & 0xffff, UNIT, HONEST_PDU);
    case 'truncated':
      return honest.subarray(0, r.keep);
    case 'wrong-protocol': {
      const frame = Buffer.from(honest);
      frame.writeUInt16BE(r.protocolId, 2);
      return frame;
    }
    case 'bad-length': {
      const frame = Buffer.from(honest);
      frame.writeUInt16BE(r.length, 4);
      return frame;
    }
    case 'silence':
      return Buffer.alloc(0);
  }
}

/** The device: per connection, garbage for the first request, honest answers after. */
let server: net.Server;
let port: number;
let nextRecipe: Recipe = { kind: 'silence' };
const sockets = new Set<net.Socket>();

beforeAll(async () => {
  server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const reader = new MbapFrameReader();
    const mine = nextRecipe;
    let answered = 0;
    socket.on('data', (chunk) => {
      for (const frame of reader.push(chunk).frames) {
        const reply =
          answered++ === 0
            ? garbageFor(mine, frame.transactionId)
            : encodeMbapFrame(frame.transactionId, frame.unit, HONEST_PDU);
        if (reply.length > 0) socket.write(reply);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function connect(): Promise<{ client: ModbusClient; closed: () => boolean }> {
  const transport = createTcpTransport({ host: '127.0.0.1', port });
  await transport.open();
  const client = createModbusClient(transport, { framing: 'tcp', timeoutMs: TIMEOUT_MS });
  let closed = false;
  client.onClose(() => (closed = true));
  return { client, closed: () => closed };
}

async function outcomeOf(
  work: Promise<number[]>,
): Promise<{ ok: true; values: number[] } | { ok: false; error: unknown }> {
  try {
    return { ok: true, values: await work };
  } catch (error) {
    return { ok: false, error };
  }
}

describe('Modbus TCP client against a device that answers garbage', () => {
  it('gives a typed error or the true values, and stays usable or reconnects cleanly', async () => {
    await fc.assert(
      fc.asyncProperty(recipe, async (r) => {
        nextRecipe = r;
        const first = await connect();
        try {
          const outcome = await outcomeOf(first.client.readRegisters(UNIT, 'holding', 0, 2));
          if (outcome.ok) {
            // Values only from a well-formed answer carrying them: the honest PDU at the right id.
            expect(outcome.values).toEqual(REGISTERS);
            expect(r.kind === 'right-id-random-pdu' && Buffer.from(r.pdu).equals(HONEST_PDU)).toBe(true);
          } else {
            expect(outcome.error).toBeInstanceOf(PhareError);
            expect(['TIMEOUT', 'PROTOCOL_EXCEPTION', 'DISCONNECTED']).toContain(
              (outcome.error as PhareError).code,
            );
          }
          // The same connection answers honestly now: it must work, unless the client dropped it.
          const again = await outcomeOf(first.client.readRegisters(UNIT, 'holding', 0, 2));
          if (again.ok) expect(again.values).toEqual(REGISTERS);
          else {
            expect(again.error).toBeInstanceOf(PhareError);
            expect((again.error as PhareError).code).toBe('DISCONNECTED');
            expect(first.closed()).toBe(true);
            nextRecipe = { kind: 'right-id-random-pdu', pdu: HONEST_PDU };
            const fresh = await connect();
            try {
              expect(await fresh.client.readRegisters(UNIT, 'holding', 0, 2)).toEqual(REGISTERS);
            } finally {
              await fresh.client.close();
            }
          }
        } finally {
          await first.client.close();
        }
      }),
      { numRuns: 15 },
    );
  }, 60_000);

  it('recovers from an answer cut short at every possible byte', async () => {
    for (let keep = 1; keep < 13; keep++) {
      nextRecipe = { kind: 'truncated', keep };
      const { client, closed } = await connect();
      try {
        await expect(client.readRegisters(UNIT, 'holding', 0, 2)).rejects.toMatchObject({
          code: 'TIMEOUT',
        });
        const again = await outcomeOf(client.readRegisters(UNIT, 'holding', 0, 2));
        if (again.ok) expect(again.values, `cut after ${keep} bytes`).toEqual(REGISTERS);
        else expect({ keep, closed: closed() }).toEqual({ keep, closed: true });
      } finally {
        await client.close();
      }
    }
  }, 30_000);

  it('drops the link when an impossible MBAP length arrives, and a new connection works', async () => {
    nextRecipe = { kind: 'bad-length', length: 0xffff };
    const { client, closed } = await connect();
    try {
      await expect(client.readRegisters(UNIT, 'holding', 0, 2)).rejects.toMatchObject({
        code: 'DISCONNECTED',
      });
      expect(closed()).toBe(true);
    } finally {
      await client.close();
    }
    nextRecipe = { kind: 'right-id-random-pdu', pdu: HONEST_PDU };
    const fresh = await connect();
    try {
      expect(await fresh.client.readRegisters(UNIT, 'holding', 0, 2)).toEqual(REGISTERS);
    } finally {
      await fresh.client.close();
    }
  });
});
