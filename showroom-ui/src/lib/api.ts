/**
 * HTTP calls to the controller, each answering the wire's ok/error envelope (ApiResult). They never
 * throw: a network failure or an unexpected answer becomes an `ok: false` result, so every caller
 * shows the problem to the user instead of losing it in the console.
 */
import type {
  ApiErrorBody,
  ApiResult,
  AuditQuery,
  AuditRecord,
  DeviceHealth,
  HistorySample,
  PointSnapshot,
  PointValue,
  SiteView,
  WriteManyRequestBody,
  WriteManyResultBody,
  WriteResultBody,
} from '@phare/lab-controller/api/wire.ts';
import { isMessageKey, t } from './i18n/i18n.svelte.ts';

/** Error codes the showroom adds to the controller's own (device-drivers/src/errors.ts). */
export const NETWORK_ERROR = 'NETWORK';
export const HTTP_ERROR = 'HTTP';

function failure(code: string, message: string): { ok: false; error: ApiErrorBody } {
  return { ok: false, error: { code, message } };
}

/**
 * The signed-in session's CSRF token (lib/session.svelte.ts sets it): sent as x-phare-csrf on every
 * state change, as the controller requires (lab-controller/src/auth/route-guard.ts). Null when
 * anonymous: anonymous requests carry no cookie and need none.
 */
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

function headersFor(method: HttpMethod, body: unknown): Record<string, string> {
  return {
    ...(body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json' }),
    ...(method !== 'GET' && csrfToken ? { 'x-phare-csrf': csrfToken } : {}),
  };
}

function isEnvelope<T>(body: unknown): body is ApiResult<T> {
  return typeof body === 'object' && body !== null && 'ok' in body && typeof body.ok === 'boolean';
}

export async function request<T>(method: HttpMethod, path: string, body?: unknown): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: headersFor(method, body),
      body: body === undefined ? null : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch (cause) {
    return failure(NETWORK_ERROR, cause instanceof Error ? cause.message : String(cause));
  }
  let parsed: unknown;
  try {
    parsed = await response.json();
  } catch {
    return failure(HTTP_ERROR, `${method} ${path}: HTTP ${response.status}`);
  }
  if (isEnvelope<T>(parsed)) return parsed;
  return failure(HTTP_ERROR, `${method} ${path}: HTTP ${response.status}`);
}

export const fetchSite = (): Promise<ApiResult<SiteView>> => request('GET', '/api/site');
export const fetchDevices = (): Promise<ApiResult<DeviceHealth[]>> => request('GET', '/api/devices');
export const fetchPoints = (): Promise<ApiResult<PointSnapshot[]>> => request('GET', '/api/points');

export function writePoint(id: string, value: PointValue): Promise<ApiResult<WriteResultBody>> {
  return request('POST', `/api/points/${encodeURIComponent(id)}`, { value });
}

/** Several points at once; the controller checks all before sending any (one group frame on DALI). */
export function writePoints(writes: WriteManyRequestBody): Promise<ApiResult<WriteManyResultBody>> {
  return request('POST', '/api/writes', writes);
}

/** Recorded samples of one point, oldest first (booleans as 0/1). */
export function fetchHistory(id: string, from: number, to: number): Promise<ApiResult<HistorySample[]>> {
  return request('GET', `/api/points/${encodeURIComponent(id)}/history?from=${from}&to=${to}`);
}

/** The audit log, newest first, filtered by the controller. */
export function fetchAudit(query: AuditQuery): Promise<ApiResult<AuditRecord[]>> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  return request('GET', `/api/audit?${params.toString()}`);
}

/** Where the twin's GeoJSON export downloads from (RFC 7946 file, not an envelope). */
export const SITE_GEOJSON_URL = '/api/site.geojson';

/** The error in the user's language: the reason from its code, then the controller's own words. */
export function describeApiError(error: ApiErrorBody): string {
  // Core codes in error.*, sign-in codes (UNAUTHORIZED, TOO_MANY_REQUESTS) in the account area.
  const key = [`error.${error.code}`, `account.error.${error.code}`].find(isMessageKey);
  const reason = key ? t(key) : t('error.unknown');
  return error.message ? t('error.withDetail', { reason, detail: error.message }) : reason;
}
