/**
 * `alarm`: raises an alarm on the bus (a maintenance ticket in the showcase). The bus AlarmEvent
 * carries one message: the French one, the kiosk's default language; the scenario event carries both.
 */
import type { ScenarioStep } from '../schema.ts';
import type { StepRunner } from '../step-context.ts';

export const runAlarm: StepRunner<NonNullable<ScenarioStep['alarm']>> = async (body, ctx, info) => {
  const ts = Date.now();
  ctx.bus.emit('alarm', { point: body.point, severity: body.severity, message: body.message.fr, ts });
  ctx.emit('alarm', { step: info.id, point: body.point, severity: body.severity, message: body.message });
  return ctx.clock.now();
};
