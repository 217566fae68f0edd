/** The controller's scenario routes (lab-controller/src/api/scenario-routes.ts), as ApiResults. */
import type {
  ApiResult,
  ScenarioCatalogueEntry,
  ScenarioRunSummary,
  ScenarioRunView,
  StartRunRequestBody,
  StartRunResultBody,
} from '@phare/lab-controller/api/wire.ts';
import { request } from '../../lib/api.ts';

export const fetchCatalogue = (): Promise<ApiResult<ScenarioCatalogueEntry[]>> =>
  request('GET', '/api/scenarios');

export function startRun(id: string, body: StartRunRequestBody = {}): Promise<ApiResult<StartRunResultBody>> {
  return request('POST', `/api/scenarios/${encodeURIComponent(id)}/runs`, body);
}

export const fetchRuns = (limit = 50): Promise<ApiResult<ScenarioRunSummary[]>> =>
  request('GET', `/api/runs?limit=${limit}`);

export const fetchRun = (id: string): Promise<ApiResult<ScenarioRunView>> =>
  request('GET', `/api/runs/${encodeURIComponent(id)}`);

export const abortRun = (id: string): Promise<ApiResult<ScenarioRunView>> =>
  request('POST', `/api/runs/${encodeURIComponent(id)}/abort`, {});

export function confirmPrompt(run: string, step: string): Promise<ApiResult<unknown>> {
  return request(
    'POST',
    `/api/runs/${encodeURIComponent(run)}/prompts/${encodeURIComponent(step)}/confirm`,
    {},
  );
}
