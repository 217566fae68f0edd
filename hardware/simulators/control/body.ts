/**
 * Checks for control API bodies. The bodies are a handful of optional fields, so a few explicit
 * readers give clearer 400 messages than a schema library would need to be taught.
 * Every reader names the field and what it expected.
 */
import { ControlInputError } from './server.ts';

export type JsonObject = Record<string, unknown>;

/** The body as an object whose keys are all in `allowed`; unknown keys are a 400 (catches typos). */
export function objectBody(body: unknown, allowed: readonly string[]): JsonObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ControlInputError('body must be a JSON object');
  }
  const unknown = Object.keys(body).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw new ControlInputError(`unknown field(s) ${unknown.join(', ')}; allowed: ${allowed.join(', ')}`);
  }
  return body as JsonObject;
}

export function optionalBoolean(body: JsonObject, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new ControlInputError(`${key} must be true or false`);
  return value;
}

export function optionalInteger(
  body: JsonObject,
  key: string,
  range: { min: number; max: number },
): number | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max) {
    throw new ControlInputError(`${key} must be an integer from ${range.min} to ${range.max}`);
  }
  return value;
}

export function requiredInteger(body: JsonObject, key: string, range: { min: number; max: number }): number {
  const value = optionalInteger(body, key, range);
  if (value === undefined) throw new ControlInputError(`${key} is required`);
  return value;
}

/** A path parameter that must be an integer in range, e.g. `/gear/:short`. */
export function integerParam(
  params: Record<string, string>,
  key: string,
  range: { min: number; max: number },
): number {
  const text = params[key] ?? '';
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new ControlInputError(`${key} must be an integer from ${range.min} to ${range.max}, got "${text}"`);
  }
  return value;
}
