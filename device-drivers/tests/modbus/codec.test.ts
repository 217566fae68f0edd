import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendCrc, crc16Modbus, hasValidCrc } from '@phare/device-drivers/modbus/crc.ts';
import { MbapFrameReader, encodeMbapFrame } from '@phare/device-drivers/modbus/mbap.ts';
import {
  decodeRequestPdu,
  decodeResponsePdu,
  encodeRequestPdu,
  encodeResponsePdu,
  type ModbusRequest,
} from '@phare/device-drivers/modbus/pdu.ts';
import {
  RtuFrameReader,
  encodeRtuFrame,
  rtuRequestLength,
  rtuResponseLength,
} from '@phare/device-drivers/modbus/rtu.ts';

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');

describe('CRC-16/MODBUS', () => {
  it('gives 84 0A for 01 03 00 00 00 01 (FTS radar manual p.23, protocols.md §3.1)', () => {
    expect(appendCrc(hex('010300000001')).toString('hex')).toBe('010300000001840a');
    expect(crc16Modbus(hex('010300000001'))).toBe(0x0a84);
  });

  it('gives the catalogue check value 0x4B37 for "123456789"', () => {
    expect(crc16Modbus(Buffer.from('123456789'))).toBe(0x4b37);
  });

  it('accepts a frame with its own CRC and rejects any single flipped bit', () => {
    const frame = appendCrc(hex('1103006B0003'));
    expect(hasValidCrc(frame)).toBe(true);
    for (let bit = 0; bit < frame.length * 8; bit++) {
      const damaged = Buffer.from(frame);
      damaged[bit >> 3]! ^= 1 << (bit & 7);
      expect(hasValidCrc(damaged)).toBe(false);
    }
  });
});

describe('PDU codec', () => {
  it('encodes the FC03 example of the Application Protocol §6.3', () => {
    const request: ModbusRequest = { kind: 'readRegisters', table: 'holding', address: 0x6b, quantity: 3 };
    expect(encodeRequestPdu(request).toString('hex')).toBe('03006b0003');
    expect(decodeResponsePdu(request, hex('0306022B00000064'))).toEqual({
      kind: 'registers',
      values: [0x22b, 0, 0x64],
    });
  });

  it('encodes FC05 ON as FF 00 and refuses any other coil value with exception 03', () => {
    expect(encodeRequestPdu({ kind: 'writeCoil', address: 0xac, value: true }).toString('hex')).toBe(
      '0500acff00',
    );
    expect(decodeRequestPdu(hex('0500AC1234'))).toEqual({ ok: false, functionCode: 5, exceptionCode: 3 });
  });

  it('encodes the FC15 example of the Application Protocol §6.11 (10 coils from 19)', () => {
    const values = [true, false, true, true, false, false, true, true, true, false];
    expect(encodeRequestPdu({ kind: 'writeCoils', address: 0x13, values }).toString('hex')).toBe(
      '0f0013000a02cd01',
    );
  });

  it('answers the checks of the spec state diagrams in order: function, quantity, address', () => {
    expect(decodeRequestPdu(hex('2B0E0100'))).toMatchObject({ ok: false, exceptionCode: 1 });
    expect(decodeRequestPdu(hex('030000007E'))).toMatchObject({ ok: false, exceptionCode: 3 });
    expect(decodeRequestPdu(hex('0300000000'))).toMatchObject({ ok: false, exceptionCode: 3 });
    expect(decodeRequestPdu(hex('03FFFF0002'))).toMatchObject({ ok: false, exceptionCode: 2 });
    // FC16 whose byte count disagrees with its quantity.
    expect(decodeRequestPdu(hex('100000000203000100'))).toMatchObject({ ok: false, exceptionCode: 3 });
  });

  it('decodes what it encodes, for every request kind (property)', () => {
    const address = fc.integer({ min: 0, max: 60000 });
    const request = fc.oneof(
      fc.record({
        kind: fc.constant('readBits' as const),
        table: fc.constantFrom('coil' as const, 'discrete' as const),
        address,
        quantity: fc.integer({ min: 1, max: 2000 }),
      }),
      fc.record({
        kind: fc.constant('readRegisters' as const),
        table: fc.constantFrom('holding' as const, 'input' as const),
        address,
        quantity: fc.integer({ min: 1, max: 125 }),
      }),
      fc.record({ kind: fc.constant('writeCoil' as const), address, value: fc.boolean() }),
      fc.record({
        kind: fc.constant('writeRegister' as const),
        address,
        value: fc.integer({ min: 0, max: 65535 }),
      }),
      fc.record({
        kind: fc.constant('writeCoils' as const),
        address,
        values: fc.array(fc.boolean(), { minLength: 1, maxLength: 1968 }),
      }),
      fc.record({
        kind: fc.constant('writeRegisters' as const),
        address,
        values: fc.array(fc.integer({ min: 0, max: 65535 }), { minLength: 1, maxLength: 123 }),
      }),
    );
    fc.assert(
      fc.property(request, (original: ModbusRequest) => {
        expect(decodeRequestPdu(encodeRequestPdu(original))).toEqual({ ok: true, request: original });
      }),
    );
  });

  it('reads back the values a server encodes for bits and registers (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 2000 }), (bits) => {
        const request: ModbusRequest = { kind: 'readBits', table: 'coil', address: 0, quantity: bits.length };
        expect(decodeResponsePdu(request, encodeResponsePdu(request, bits))).toEqual({
          kind: 'bits',
          values: bits,
        });
      }),
    );
  });

  it('flags an answer whose byte count does not fit the request as malformed', () => {
    const request: ModbusRequest = { kind: 'readRegisters', table: 'holding', address: 0, quantity: 2 };
    expect(decodeResponsePdu(request, hex('03020001'))).toMatchObject({ kind: 'malformed' });
    expect(decodeResponsePdu(request, hex('0402'))).toMatchObject({ kind: 'malformed' });
    expect(decodeResponsePdu(request, hex('8306'))).toEqual({ kind: 'exception', exceptionCode: 6 });
  });
});

describe('MBAP framing', () => {
  it('reads the Implementation Guide example request and splits coalesced, partial frames', () => {
    const example = hex('0001 0000 0006 11 03 006B 0003');
    expect(encodeMbapFrame(1, 0x11, hex('03006B0003'))).toEqual(example);
    const reader = new MbapFrameReader();
    const stream = Buffer.concat([example, encodeMbapFrame(2, 1, hex('0600010002'))]);
    expect(reader.push(stream.subarray(0, 5)).frames).toEqual([]);
    const { frames } = reader.push(stream.subarray(5, 20));
    expect(frames.map((f) => [f.transactionId, f.unit, f.pdu.toString('hex')])).toEqual([
      [1, 0x11, '03006b0003'],
    ]);
    expect(reader.push(stream.subarray(20)).frames.map((f) => f.transactionId)).toEqual([2]);
    expect(reader.buffered).toBe(0);
  });

  it('declares the stream corrupt when a length field is impossible', () => {
    expect(new MbapFrameReader().push(hex('0001 0000 0001 11')).corrupt).toMatch(/length 1/);
    expect(new MbapFrameReader().push(hex('0001 0000 0200 11')).corrupt).toMatch(/length 512/);
  });
});

describe('RTU framing', () => {
  it('knows request and response lengths from the function code and byte count', () => {
    expect(rtuRequestLength(hex('0103'))).toBe(8);
    expect(rtuRequestLength(hex('0110000000020400010002'))).toBe(13);
    expect(rtuRequestLength(hex('0110'))).toBe('need-more');
    expect(rtuResponseLength(hex('010306'))).toBe(11);
    expect(rtuResponseLength(hex('0183'))).toBe(5);
    expect(rtuResponseLength(hex('0106'))).toBe(8);
    expect(rtuRequestLength(hex('012B'))).toBe('unknown');
  });

  it('splits frames that arrive byte by byte or several at once', () => {
    const a = encodeRtuFrame(1, hex('0300000001'));
    const b = encodeRtuFrame(2, hex('100000000204000A000B'));
    const reader = new RtuFrameReader(rtuRequestLength);
    const stream = Buffer.concat([a, b, a]);
    const frames: Buffer[] = [];
    for (const byte of stream.subarray(0, 10)) frames.push(...reader.push(Buffer.of(byte)).frames);
    frames.push(...reader.push(stream.subarray(10)).frames);
    expect(frames).toEqual([a, b, a]);
  });

  it('hunts past garbage to the next frame whose CRC holds, reporting a damaged frame', () => {
    const good = encodeRtuFrame(1, hex('0300000001'));
    const damaged = Buffer.from(good);
    damaged[3] = 0x55;
    const reader = new RtuFrameReader(rtuRequestLength);
    const result = reader.push(Buffer.concat([hex('FF10FFFF'), damaged, hex('0110'), good]));
    expect(result.frames).toEqual([good]);
    expect(result.damaged).toContainEqual(damaged);
    expect(result.discardedBytes).toBeGreaterThan(0);
  });
});
