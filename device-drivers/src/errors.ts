/**
 * The closed set of errors every Phare driver, transport and simulator throws.
 *
 * Why a closed set: the coordinator, the API and the UI decide what to do from `code` alone
 * (retry a Timeout, mark Disconnected offline, show OutOfRange to the user) and never parse messages.
 * Each error carries where it happened (device, point) and the protocol's own detail
 * (Modbus exception code, OPC-UA StatusCode, raw frame) so that a message names the problem.
 */

export type PhareErrorCode =
  | 'TIMEOUT'
  | 'DISCONNECTED'
  | 'CANCELED'
  | 'PROTOCOL_EXCEPTION'
  | 'CHECKSUM_MISMATCH'
  | 'OUT_OF_RANGE'
  | 'CONFIG_INVALID'
  | 'NOT_SUPPORTED'
  | 'FORBIDDEN'
  | 'UNKNOWN_POINT';

export interface ErrorContext {
  /** Device id from the site, when known. */
  device?: string;
  /** Point id (`device.point`) when the error concerns one point. */
  point?: string;
  /** The protocol's own detail: Modbus exception code, OPC-UA status code name, SDI-12 command… */
  detail?: Record<string, unknown>;
  cause?: unknown;
}

export abstract class PhareError extends Error {
  abstract readonly code: PhareErrorCode;
  readonly device: string | undefined;
  readonly point: string | undefined;
  readonly detail: Record<string, unknown> | undefined;

  constructor(message: string, context: ErrorContext = {}) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = new.target.name;
    this.device = context.device;
    this.point = context.point;
    this.detail = context.detail;
  }

  /** A plain object safe to send over the wire or to write in the audit log. */
  toJSON(): { code: PhareErrorCode; message: string; device?: string; point?: string; detail?: unknown } {
    return {
      code: this.code,
      message: this.message,
      ...(this.device ? { device: this.device } : {}),
      ...(this.point ? { point: this.point } : {}),
      ...(this.detail ? { detail: this.detail } : {}),
    };
  }
}

/** No answer in time. Retrying may help. */
export class Timeout extends PhareError {
  readonly code = 'TIMEOUT';
}
/** The link is gone (socket closed, cable pulled, port vanished). The coordinator reconnects. */
export class Disconnected extends PhareError {
  readonly code = 'DISCONNECTED';
}
/** The operation was abandoned on purpose (close() while pending). Not a device fault. */
export class Canceled extends PhareError {
  readonly code = 'CANCELED';
}
/** The device answered, with a protocol-level refusal (Modbus exception, OPC-UA Bad status). */
export class ProtocolException extends PhareError {
  readonly code = 'PROTOCOL_EXCEPTION';
}
/** A frame arrived damaged (CRC, LRC, NMEA checksum). */
export class ChecksumMismatch extends PhareError {
  readonly code = 'CHECKSUM_MISMATCH';
}
/** A value outside what the profile allows; refused before it reaches the device. */
export class OutOfRange extends PhareError {
  readonly code = 'OUT_OF_RANGE';
}
/** A data file (profile, site, scenario, endpoint URI) is wrong. */
export class ConfigInvalid extends PhareError {
  readonly code = 'CONFIG_INVALID';
}
/** The device or driver cannot do this (write to a read-only point, unknown function). */
export class NotSupported extends PhareError {
  readonly code = 'NOT_SUPPORTED';
}
/** The caller's role or an interlock does not allow it. */
export class Forbidden extends PhareError {
  readonly code = 'FORBIDDEN';
}
/** No point by that id on this site or device. */
export class UnknownPoint extends PhareError {
  readonly code = 'UNKNOWN_POINT';
}

/** Wraps anything thrown by a library (strings, plain objects) into a PhareError subclass. */
export function asPhareError(
  error: unknown,
  fallback: (message: string, ctx: ErrorContext) => PhareError,
  context: ErrorContext = {},
): PhareError {
  if (error instanceof PhareError) return error;
  const message =
    error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
  return fallback(message, { ...context, cause: error });
}
