/** HTTP calls of the building layer; like lib/api.ts, they answer ApiResult and never throw. */
import type { ApiResult, BuildingComparisonView, HistorySample } from '@phare/lab-controller/api/wire.ts';
import { request } from '../../../lib/api.ts';

/** The heating the building needs now, before vs after renovation (lab-controller building-routes.ts). */
export function fetchComparison(device: string): Promise<ApiResult<BuildingComparisonView>> {
  return request('GET', `/api/building/comparison?device=${encodeURIComponent(device)}`);
}

/** The first `limit` recorded samples of a point from `from` to `to`, oldest first. */
export function fetchFirstSamples(
  id: string,
  from: number,
  to: number,
  limit: number,
): Promise<ApiResult<HistorySample[]>> {
  return request('GET', `/api/points/${encodeURIComponent(id)}/history?from=${from}&to=${to}&limit=${limit}`);
}
