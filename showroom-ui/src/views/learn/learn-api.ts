/**
 * The learning space's routes (lab-controller/src/api/learn-routes.ts), as ApiResults that never
 * throw (like lib/api.ts). Every call says who the apprentice is when typed on a local bench, and
 * carries the session's CSRF token on state changes.
 */
import type { ApiResult, WriteManyRequestBody, WriteManyResultBody } from '@phare/lab-controller/api/wire.ts';
import {
  APPRENTICE_HEADER,
  type LearnCheckResult,
  type LearnClassView,
  type LearnHint,
  type LearnModuleDetail,
  type LearnModuleSummary,
  type LearnReservation,
  type LearnResetResult,
} from '@phare/lab-controller/curriculum/learn-wire.ts';
import { HTTP_ERROR, NETWORK_ERROR } from '../../lib/api.ts';
import type { Learner } from './learner.svelte.ts';

/** The session part of the wire (lab-controller/src/auth/session-wire.ts CSRF_HEADER). */
const CSRF_HEADER = 'x-phare-csrf';

async function call<T>(
  learner: Learner,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (learner.typesName && learner.name) headers[APPRENTICE_HEADER] = encodeURIComponent(learner.name);
  if (method !== 'GET' && learner.csrfToken) headers[CSRF_HEADER] = learner.csrfToken;
  let response: Response;
  try {
    response = await fetch(`/api/learn${path}`, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch (cause) {
    return {
      ok: false,
      error: { code: NETWORK_ERROR, message: cause instanceof Error ? cause.message : String(cause) },
    };
  }
  try {
    const parsed = (await response.json()) as ApiResult<T>;
    if (typeof parsed === 'object' && parsed !== null && typeof parsed.ok === 'boolean') return parsed;
  } catch {
    // Not an envelope: said below.
  }
  return { ok: false, error: { code: HTTP_ERROR, message: `${method} ${path}: HTTP ${response.status}` } };
}

const mod = (id: string): string => `/modules/${encodeURIComponent(id)}`;
const ex = (id: string, exercise: string): string => `${mod(id)}/exercises/${encodeURIComponent(exercise)}`;

export const fetchModules = (l: Learner): Promise<ApiResult<LearnModuleSummary[]>> =>
  call(l, 'GET', '/modules');

export const fetchModule = (l: Learner, id: string): Promise<ApiResult<LearnModuleDetail>> =>
  call(l, 'GET', mod(id));

export const fetchHint = (
  l: Learner,
  id: string,
  exercise: string,
  n: number,
): Promise<ApiResult<LearnHint>> => call(l, 'GET', `${ex(id, exercise)}/hints/${n}`);

export const checkExercise = (
  l: Learner,
  id: string,
  exercise: string,
): Promise<ApiResult<LearnCheckResult>> => call(l, 'POST', `${ex(id, exercise)}/check`, {});

export const writeAsApprentice = (
  l: Learner,
  id: string,
  writes: WriteManyRequestBody,
): Promise<ApiResult<WriteManyResultBody>> => call(l, 'POST', `${mod(id)}/writes`, writes);

export const fetchReservation = (l: Learner, id: string): Promise<ApiResult<LearnReservation>> =>
  call(l, 'GET', `${mod(id)}/reservation`);

export const reserve = (l: Learner, id: string): Promise<ApiResult<LearnReservation>> =>
  call(l, 'POST', `${mod(id)}/reservation`, {});

export const release = (l: Learner, id: string): Promise<ApiResult<LearnReservation>> =>
  call(l, 'DELETE', `${mod(id)}/reservation`);

export const fetchClass = (l: Learner): Promise<ApiResult<LearnClassView>> => call(l, 'GET', '/class');

export const resetModule = (l: Learner, id: string): Promise<ApiResult<LearnResetResult>> =>
  call(l, 'POST', `${mod(id)}/reset`, {});
