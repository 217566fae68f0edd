import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NotSupported, OutOfRange } from '@phare/device-drivers/errors.ts';
import {
  BROADCAST,
  command,
  dapc,
  decodeForwardFrame,
  describeForwardFrame,
  ForwardFrame,
  GEAR_COMMANDS,
  groupAddress,
  shortAddress,
  special,
  SPECIAL_COMMANDS,
  type GearCommandName,
} from '@phare/device-drivers/dali/index.ts';

describe('DALI control-gear commands (protocols.md §1.3, §1.5 examples)', () => {
  it('encodes the standard examples byte for byte', () => {
    expect(dapc(shortAddress(5), 128).toHex()).toBe('0A 80');
    expect(command(shortAddress(5), 'QUERY ACTUAL LEVEL').toHex()).toBe('0B A0');
    expect(command(BROADCAST, 'OFF').toHex()).toBe('FF 00');
    expect(dapc(BROADCAST, 254).toHex()).toBe('FE FE');
    expect(command(groupAddress(3), 'GO TO SCENE', 2).toHex()).toBe('87 12');
    expect(special('DTR0', 4).toHex()).toBe('A3 04');
    expect(special('INITIALISE', 0xff).toHex()).toBe('A5 FF');
  });

  it('accepts an opcode byte in place of a name, ranges included', () => {
    expect(command(groupAddress(3), 0x12).toHex()).toBe('87 12');
    expect(command(shortAddress(5), 0x62).equals(command(shortAddress(5), 'ADD TO GROUP', 2))).toBe(true);
    expect(special(0xc3, 1).toHex()).toBe('C3 01');
  });

  it('decodes the standard examples to what they mean', () => {
    expect(decodeForwardFrame(ForwardFrame.fromBytes([0x0a, 0x80]))).toMatchObject({
      kind: 'dapc',
      address: shortAddress(5),
      name: 'DAPC',
      param: 128,
    });
    expect(decodeForwardFrame(ForwardFrame.fromBytes([0x0b, 0xa0]))).toMatchObject({
      kind: 'command',
      address: shortAddress(5),
      name: 'QUERY ACTUAL LEVEL',
      opcode: 0xa0,
      param: undefined,
      response: 'numericMask',
      sendTwice: false,
    });
    expect(decodeForwardFrame(ForwardFrame.fromBytes([0x87, 0x12]))).toMatchObject({
      kind: 'command',
      address: groupAddress(3),
      name: 'GO TO SCENE',
      param: 2,
    });
    expect(decodeForwardFrame(ForwardFrame.fromBytes([0x83, 0x43]))).toMatchObject({
      name: 'SET SCENE',
      param: 3,
      sendTwice: true,
      usesDtr0: true,
    });
    expect(decodeForwardFrame(ForwardFrame.fromBytes([0xa3, 0xc8]))).toMatchObject({
      kind: 'special',
      address: undefined,
      name: 'DTR0',
      opcode: 0xa3,
      param: 0xc8,
    });
    expect(describeForwardFrame(ForwardFrame.fromBytes([0x0b, 0xa0]))).toBe(
      '0B A0 QUERY ACTUAL LEVEL → short 5',
    );
  });

  it('gives each query the answer kind python-dali declares', () => {
    const responseOf = (name: GearCommandName) => decodeForwardFrame(command(BROADCAST, name)).response;
    expect(responseOf('QUERY STATUS')).toBe('bitmap');
    expect(responseOf('QUERY CONTROL GEAR PRESENT')).toBe('yesNo');
    expect(responseOf('QUERY DEVICE TYPE')).toBe('numeric');
    expect(responseOf('OFF')).toBe('none');
    expect(decodeForwardFrame(command(BROADCAST, 'QUERY SCENE LEVEL', 15)).response).toBe('numericMask');
    expect(decodeForwardFrame(special('COMPARE')).response).toBe('yesNo');
    expect(decodeForwardFrame(command(BROADCAST, 'READ MEMORY LOCATION'))).toMatchObject({
      usesDtr0: true,
      usesDtr1: true,
      usesDtr2: false,
    });
  });

  it('marks reserved opcodes and reserved first bytes so gear can ignore them', () => {
    expect(decodeForwardFrame(ForwardFrame.fromBytes([0x0b, 0x0d]))).toMatchObject({
      kind: 'reserved',
      address: shortAddress(5),
      opcode: 0x0d,
    });
    expect(decodeForwardFrame(ForwardFrame.fromBytes([0xcd, 0x00])).kind).toBe('reserved');
    expect(decodeForwardFrame(ForwardFrame.fromBytes([0xa4, 0x00])).kind).toBe('reserved');
  });

  it('refuses bad parameters, unknown commands and device frames with the closed error set', () => {
    expect(() => dapc(shortAddress(5), 256)).toThrow(OutOfRange);
    expect(() => command(BROADCAST, 'GO TO SCENE')).toThrow(/GO TO SCENE needs a parameter in 0–15/);
    expect(() => command(BROADCAST, 'GO TO SCENE', 16)).toThrow(OutOfRange);
    expect(() => command(BROADCAST, 'OFF', 1)).toThrow(OutOfRange);
    expect(() => command(BROADCAST, 0x12, 2)).toThrow(OutOfRange);
    expect(() => command(BROADCAST, 0x0d)).toThrow(OutOfRange);
    expect(() => command(BROADCAST, 'FLY' as GearCommandName)).toThrow(NotSupported);
    expect(() => special('DTR0', 300)).toThrow(OutOfRange);
    expect(() => decodeForwardFrame(ForwardFrame.device(0xff, 0xfe, 0x30))).toThrow(NotSupported);
  });

  it('has no two table rows claiming the same opcode', () => {
    for (const table of [GEAR_COMMANDS, SPECIAL_COMMANDS]) {
      const opcodes = table.flatMap((def) => Array.from({ length: def.count }, (_, n) => def.opcode + n));
      expect(new Set(opcodes).size).toBe(opcodes.length);
      expect(Math.max(...opcodes)).toBeLessThanOrEqual(0xff);
    }
    for (const def of SPECIAL_COMMANDS) expect(def.opcode % 2).toBe(1);
  });

  it('marks every configuration command 0x20–0x81 as send-twice and every query as answered', () => {
    for (const def of GEAR_COMMANDS) {
      if (def.opcode >= 0x20 && def.opcode <= 0x81) expect(def.sendTwice, def.name).toBe(true);
      if (def.name.startsWith('QUERY')) expect(def.response, def.name).not.toBe('none');
      if (def.name.startsWith('SET ')) expect(def.usesDtr0, def.name).toBe(true);
    }
  });

  it('decodes every command it encodes, for any address and any row', () => {
    const address = fc.oneof(
      fc.integer({ min: 0, max: 63 }).map(shortAddress),
      fc.integer({ min: 0, max: 15 }).map(groupAddress),
      fc.constant(BROADCAST),
    );
    const row = fc.constantFrom(...GEAR_COMMANDS);
    fc.assert(
      fc.property(address, row, fc.nat(), (target, def, seed) => {
        const param = def.count > 1 ? seed % def.count : undefined;
        const decoded = decodeForwardFrame(command(target, def.name as GearCommandName, param));
        expect(decoded).toMatchObject({ kind: 'command', address: target, name: def.name, param });
        expect(decoded.sendTwice).toBe(def.sendTwice);
      }),
    );
    fc.assert(
      fc.property(address, fc.integer({ min: 0, max: 255 }), (target, level) => {
        expect(decodeForwardFrame(dapc(target, level))).toMatchObject({
          kind: 'dapc',
          address: target,
          param: level,
        });
      }),
    );
  });

  it('re-encodes every 16-bit frame it decodes to the same bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), (value) => {
        const frame = new ForwardFrame(16, value);
        const decoded = decodeForwardFrame(frame);
        if (decoded.kind === 'dapc' && decoded.address)
          expect(dapc(decoded.address, decoded.opcode).value).toBe(value);
        if (decoded.kind === 'command' && decoded.address) {
          expect(command(decoded.address, decoded.opcode).value).toBe(value);
        }
        if (decoded.kind === 'special') expect(special(decoded.opcode, decoded.param).value).toBe(value);
      }),
      { numRuns: 2000 },
    );
  });
});
