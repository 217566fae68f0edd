/**
 * Password hashing with scrypt (RFC 7914) from node:crypto: a fresh 16-byte salt per hash, the
 * cost parameters stored with the hash so they can be raised later without breaking old accounts,
 * and a constant-time comparison (timingSafeEqual) on verification.
 *
 * Stored form: `scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>`.
 * N = 2^15, r = 8, p = 3 is one of the equivalent minimums of OWASP's Password Storage Cheat Sheet
 * (scrypt section): 32 MiB per hash rather than the 128 MiB of N = 2^17, p = 1, which matters on a
 * small demonstrator box; a few hundred ms per login, slow for a guesser.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** Refused below this length (issue 9): short passwords fall to offline guessing whatever the hash. */
export const MIN_PASSWORD_LENGTH = 10;
/** Longer inputs are refused before hashing, so a huge body cannot make a login expensive. */
export const MAX_PASSWORD_LENGTH = 1024;

const COST = { N: 2 ** 15, r: 8, p: 3 } as const;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

/** Why a new password is refused, in English for the CLI and the API; undefined when acceptable. */
export function passwordProblem(password: string, minLength = MIN_PASSWORD_LENGTH): string | undefined {
  const min = Math.max(minLength, MIN_PASSWORD_LENGTH);
  if (password.length < min)
    return `The password is ${password.length} characters long; it needs at least ${min}`;
  if (password.length > MAX_PASSWORD_LENGTH)
    return `The password is longer than ${MAX_PASSWORD_LENGTH} characters`;
  return undefined;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const hash = await derive(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** False for a wrong password and for a stored value that is not a hash of ours. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseStored(stored);
  if (!parsed || password.length > MAX_PASSWORD_LENGTH) return false;
  const candidate = await derive(password, parsed.salt, parsed.cost, parsed.hash.length);
  return candidate.length === parsed.hash.length && timingSafeEqual(candidate, parsed.hash);
}

/**
 * A hash of nothing, verified when the account name is unknown so that a wrong name takes as long
 * as a wrong password (no account enumeration by timing).
 */
export function decoyHash(): Promise<string> {
  return (decoy ??= hashPassword(randomBytes(16).toString('hex')));
}
let decoy: Promise<string> | undefined;

interface ParsedHash {
  cost: { N: number; r: number; p: number };
  salt: Buffer;
  hash: Buffer;
}

function parseStored(stored: string): ParsedHash | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0)) return undefined;
  const salt = Buffer.from(parts[4]!, 'base64');
  const hash = Buffer.from(parts[5]!, 'base64');
  if (salt.length === 0 || hash.length === 0) return undefined;
  return { cost: { N, r, p }, salt, hash };
}

function derive(
  password: string,
  salt: Buffer,
  cost: { N: number; r: number; p: number },
  length = KEY_LENGTH,
): Promise<Buffer> {
  // maxmem above the 128·N·r bytes scrypt needs (node's default 32 MiB is exactly at the limit).
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, length, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}
