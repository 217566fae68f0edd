/**
 * Control-gear addressing: the first byte of a 16-bit forward frame (protocols.md §1.3).
 *
 *   0AAAAAAS  short address 0–63        1111110S  broadcast to gear without a short address (DALI-2)
 *   100GGGGS  group 0–15                1111111S  broadcast
 *   101xxxx1, 110xxxx1  special commands (not addressed), e.g. DTR0 = 0xA3, INITIALISE = 0xA5
 *
 * S, the selector bit, is 0 when the second byte is an arc power level (DAPC) and 1 when it is an opcode.
 */
import { OutOfRange } from '../errors.ts';
import type { ForwardFrame } from './frame.ts';

export const SHORT_ADDRESS_COUNT = 64;
export const GROUP_COUNT = 16;

export type GearAddress =
  | { readonly kind: 'short'; readonly address: number }
  | { readonly kind: 'group'; readonly group: number }
  | { readonly kind: 'broadcast' }
  | { readonly kind: 'broadcastUnaddressed' };

/** 0 = the second byte is an arc power level (DAPC); 1 = it is a command opcode. */
export type Selector = 0 | 1;

export function shortAddress(address: number): GearAddress {
  checkIndex(address, SHORT_ADDRESS_COUNT, 'DALI short address');
  return { kind: 'short', address };
}

export function groupAddress(group: number): GearAddress {
  checkIndex(group, GROUP_COUNT, 'DALI group');
  return { kind: 'group', group };
}

export const BROADCAST: GearAddress = Object.freeze({ kind: 'broadcast' });
/** DALI-2: only gear that has no short address yet answers (used while commissioning). */
export const BROADCAST_UNADDRESSED: GearAddress = Object.freeze({ kind: 'broadcastUnaddressed' });

/** The address byte for a gear address and selector bit S. */
export function encodeAddressByte(address: GearAddress, selector: Selector): number {
  switch (address.kind) {
    case 'short':
      checkIndex(address.address, SHORT_ADDRESS_COUNT, 'DALI short address');
      return (address.address << 1) | selector;
    case 'group':
      checkIndex(address.group, GROUP_COUNT, 'DALI group');
      return 0x80 | (address.group << 1) | selector;
    case 'broadcast':
      return 0xfe | selector;
    case 'broadcastUnaddressed':
      return 0xfc | selector;
  }
}

/**
 * Special commands occupy the odd first bytes 0xA1–0xCB (IEC 62386-102 Table 16; python-dali
 * `_SpecialCommand`). Their first byte is the opcode and the frame reaches all gear.
 */
export function isSpecialCommandByte(byte: number): boolean {
  return byte >= 0xa1 && byte <= 0xcb && (byte & 1) === 1;
}

export type DecodedAddressByte =
  | { readonly kind: 'gear'; readonly address: GearAddress; readonly selector: Selector }
  | { readonly kind: 'special'; readonly opcode: number }
  /** 0xA0–0xFB outside the special-command range: reserved by the standard, gear ignore the frame. */
  | { readonly kind: 'reserved'; readonly byte: number };

export function decodeAddressByte(byte: number): DecodedAddressByte {
  if (!Number.isInteger(byte) || byte < 0 || byte > 0xff) {
    throw new OutOfRange(`DALI address byte ${byte} is not an integer in 0–255`, { detail: { byte } });
  }
  const selector = (byte & 1) as Selector;
  if ((byte & 0x80) === 0) return { kind: 'gear', address: shortAddress(byte >>> 1), selector };
  if ((byte & 0xe0) === 0x80) return { kind: 'gear', address: groupAddress((byte >>> 1) & 0x0f), selector };
  if ((byte & 0xfe) === 0xfe) return { kind: 'gear', address: BROADCAST, selector };
  if ((byte & 0xfe) === 0xfc) return { kind: 'gear', address: BROADCAST_UNADDRESSED, selector };
  if (isSpecialCommandByte(byte)) return { kind: 'special', opcode: byte };
  return { kind: 'reserved', byte };
}

/** The gear address of a 16-bit frame, or undefined for special and reserved first bytes. */
export function addressFromFrame(frame: ForwardFrame): GearAddress | undefined {
  if (frame.bits !== 16) {
    throw new OutOfRange(`gear addressing needs a 16-bit frame, got ${frame.bits} bits (${frame.toHex()})`, {
      detail: { frame: frame.toHex() },
    });
  }
  const decoded = decodeAddressByte(frame.addressByte);
  return decoded.kind === 'gear' ? decoded.address : undefined;
}

/** True when a gear with this short address and group membership must act on a frame sent to `target`. */
export function addressMatches(
  target: GearAddress,
  gear: { shortAddress: number | undefined; groups: Iterable<number> },
): boolean {
  switch (target.kind) {
    case 'broadcast':
      return true;
    case 'broadcastUnaddressed':
      return gear.shortAddress === undefined;
    case 'short':
      return gear.shortAddress === target.address;
    case 'group':
      for (const group of gear.groups) if (group === target.group) return true;
      return false;
  }
}

/** "short 5", "group 3", "broadcast", "broadcast unaddressed": for logs and error messages. */
export function formatAddress(address: GearAddress): string {
  switch (address.kind) {
    case 'short':
      return `short ${address.address}`;
    case 'group':
      return `group ${address.group}`;
    case 'broadcast':
      return 'broadcast';
    case 'broadcastUnaddressed':
      return 'broadcast unaddressed';
  }
}

export function addressesEqual(a: GearAddress, b: GearAddress): boolean {
  return formatAddress(a) === formatAddress(b);
}

function checkIndex(value: number, count: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value >= count) {
    throw new OutOfRange(`${what} ${value} is outside 0–${count - 1}`, {
      detail: { value, min: 0, max: count - 1 },
    });
  }
}
