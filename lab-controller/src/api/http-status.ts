/**
 * HTTP status for each error code of the closed set (device-drivers/src/errors.ts).
 * Bad input is always 4xx; a device that fails to carry out a valid request is 502 (bad gateway:
 * the controller is a gateway to the device). 500 is kept for Phare's own bugs.
 */
export const HTTP_STATUS_BY_CODE: Record<string, number> = {
  BAD_REQUEST: 400,
  /** Not signed in, or a wrong name or password (auth/route-guard.ts, auth/session-routes.ts). */
  UNAUTHORIZED: 401,
  OUT_OF_RANGE: 400,
  CONFIG_INVALID: 400,
  FORBIDDEN: 403,
  UNKNOWN_POINT: 404,
  NOT_FOUND: 404,
  NOT_SUPPORTED: 409,
  /** A scenario's device or the simulated clock is in use by another run. */
  CONFLICT: 409,
  /** A scenario cannot start: points it requires are offline (the body names them). */
  POINTS_OFFLINE: 422,
  /** Too many failed sign-ins; the answer carries Retry-After (auth/login-limiter.ts). */
  TOO_MANY_REQUESTS: 429,
  TIMEOUT: 502,
  DISCONNECTED: 502,
  CANCELED: 502,
  PROTOCOL_EXCEPTION: 502,
  CHECKSUM_MISMATCH: 502,
  STORAGE_UNAVAILABLE: 503,
};

export function httpStatusFor(code: string): number {
  return HTTP_STATUS_BY_CODE[code] ?? 500;
}
