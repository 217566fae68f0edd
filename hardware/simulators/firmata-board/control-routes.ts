/**
 * Control API of the simulated maquette board (hardware/simulators/firmata-board/README.md):
 * stimuli a scenario or a test applies (a passer-by, a pressed button, rain, a pulled USB cable).
 */
import {
  ControlInputError,
  objectBody,
  optionalBoolean,
  type ControlRoute,
  type JsonObject,
} from '../control/index.ts';
import type { FirmataBoardModel } from './simulator.ts';

/** Far above any rain a 2 L tray sees; still a bound, to catch unit mistakes (L/min vs L/s). */
const MAX_INFLOW_LPS = 1;

function requiredBoolean(body: JsonObject, key: string): boolean {
  const value = optionalBoolean(body, key);
  if (value === undefined) throw new ControlInputError(`${key} is required (true or false)`);
  return value;
}

function optionalNumber(body: JsonObject, key: string, min: number, max: number): number | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max)
    throw new ControlInputError(`${key} must be a number from ${min} to ${max}`);
  return value;
}

export function firmataBoardControlRoutes(board: FirmataBoardModel): ControlRoute[] {
  return [
    {
      method: 'GET',
      path: '/state',
      summary:
        'cable, firmware (sampling, counters), pins (mode, state, reporting), lamps, motion, button, gate, basin',
      handler: () => board.state(),
    },
    {
      method: 'POST',
      path: '/motion',
      summary: 'body { active: boolean }: the PIR sees someone (HIGH) or nobody',
      handler: ({ body }) => {
        board.maquette.setMotion(requiredBoolean(objectBody(body, ['active']), 'active'));
        return board.state();
      },
    },
    {
      method: 'POST',
      path: '/button',
      summary: 'body { pressed: boolean }: press or release the push button',
      handler: ({ body }) => {
        board.maquette.setButton(requiredBoolean(objectBody(body, ['pressed']), 'pressed'));
        return board.state();
      },
    },
    {
      method: 'POST',
      path: '/basin',
      summary: `body { inflowLps?: 0–${MAX_INFLOW_LPS}, levelPct?: 0–100 }: rain into the basin, or set its level`,
      handler: ({ body }) => {
        const fields = objectBody(body, ['inflowLps', 'levelPct']);
        const inflow = optionalNumber(fields, 'inflowLps', 0, MAX_INFLOW_LPS);
        const level = optionalNumber(fields, 'levelPct', 0, 100);
        if (inflow === undefined && level === undefined)
          throw new ControlInputError('give inflowLps, levelPct or both');
        if (level !== undefined) board.maquette.setLevel(level);
        if (inflow !== undefined) board.maquette.setInflow(inflow);
        return board.state();
      },
    },
    {
      method: 'POST',
      path: '/cable',
      summary:
        'body { connected: boolean }: pull the USB cable (the port vanishes, the board powers off) or plug it back',
      handler: async ({ body }) => {
        await board.setCable(requiredBoolean(objectBody(body, ['connected']), 'connected'));
        return board.state();
      },
    },
  ];
}
