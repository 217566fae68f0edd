/**
 * Alarms as the staff console shows them: the active ones of GET /api/alarms (and of each socket
 * `alarms` message), most severe first. The controller does not keep acknowledgements yet: an
 * acknowledgement is tried on POST /api/alarms/:id/ack and, while that route does not exist
 * (404), kept by this console only, and said so.
 */
import type { AlarmRecord, AlarmsView, ApiResult } from '@phare/lab-controller/api/wire.ts';
import { request } from './api.ts';

export type { AlarmRecord, AlarmsView };

export const fetchAlarms = (): Promise<ApiResult<AlarmsView>> => request('GET', '/api/alarms');

export function acknowledgeAlarm(id: number): Promise<ApiResult<unknown>> {
  return request('POST', `/api/alarms/${id}/ack`, {});
}
