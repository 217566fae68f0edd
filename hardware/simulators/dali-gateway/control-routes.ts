/**
 * Control API of a simulated DALI gateway (routes documented in hardware/simulators/README.md).
 * Stimuli and faults a scenario or a test applies; every route answers JSON, bad input gets a 4xx.
 */
import { EXCEPTION_NAMES } from '@phare/device-drivers/modbus/types.ts';
import {
  ControlInputError,
  integerParam,
  objectBody,
  optionalBoolean,
  optionalInteger,
  requiredInteger,
  type ControlRoute,
} from '../control/index.ts';
import type { DaliGatewaySimulator } from './gateway.ts';

/** Upper bound of the response delay fault: far beyond any client timeout, still finite. */
const MAX_DELAY_MS = 120_000;
const MAX_EXCEPTION_COUNT = 1_000_000;

export function gatewayControlRoutes(sim: DaliGatewaySimulator): ControlRoute[] {
  const gatewayState = () => ({
    model: sim.model,
    unitId: sim.unitId,
    running: sim.running,
    silent: sim.faults.state.silent,
    delayMs: sim.faults.state.delayMs,
    exceptions: sim.faults.state.exceptions ?? null,
  });
  const gearSnapshot = (shortAddress: number) =>
    sim.line.snapshot().gear.find((g) => g.shortAddress === shortAddress);

  return [
    {
      method: 'GET',
      path: '/state',
      summary:
        'gear (level %, arc, status, power W), totals (power W, energy Wh), bus counters, gateway faults',
      handler: () => ({ gateway: gatewayState(), ...sim.line.snapshot() }),
    },
    {
      method: 'POST',
      path: '/gear/:short',
      summary: 'body { lampFailure?: boolean, present?: boolean }: fault one luminaire',
      handler: ({ params, body }) => {
        const shortAddress = integerParam(params, 'short', { min: 0, max: 63 });
        const gear = sim.line.gearAt(shortAddress);
        if (!gear) {
          throw new ControlInputError(`no luminaire at short address ${shortAddress} on this gateway`, 404);
        }
        const fields = objectBody(body, ['lampFailure', 'present']);
        const lampFailure = optionalBoolean(fields, 'lampFailure');
        const present = optionalBoolean(fields, 'present');
        const now = sim.line.clock.now();
        if (lampFailure !== undefined) gear.setLampFailure(lampFailure, now);
        if (present !== undefined) gear.setPresent(present, now);
        return gearSnapshot(shortAddress);
      },
    },
    {
      method: 'POST',
      path: '/gateway',
      summary:
        'body { running?: boolean, silent?: boolean, delayMs?: number }: power, hang or slow the gateway',
      handler: async ({ body }) => {
        const fields = objectBody(body, ['running', 'silent', 'delayMs']);
        const running = optionalBoolean(fields, 'running');
        const silent = optionalBoolean(fields, 'silent');
        const delayMs = optionalInteger(fields, 'delayMs', { min: 0, max: MAX_DELAY_MS });
        if (silent !== undefined) sim.faults.state.silent = silent;
        if (delayMs !== undefined) sim.faults.state.delayMs = delayMs;
        if (running !== undefined) await sim.setRunning(running);
        return gatewayState();
      },
    },
    {
      method: 'POST',
      path: '/exceptions',
      summary: 'body { code: number, count: number }: answer the next `count` requests with exception `code`',
      handler: ({ body }) => {
        const fields = objectBody(body, ['code', 'count']);
        const code = requiredInteger(fields, 'code', { min: 1, max: 255 });
        if (EXCEPTION_NAMES[code] === undefined) {
          const known = Object.keys(EXCEPTION_NAMES).join(', ');
          throw new ControlInputError(`code ${code} is not a Modbus exception code; known: ${known}`);
        }
        const count = requiredInteger(fields, 'count', { min: 0, max: MAX_EXCEPTION_COUNT });
        sim.faults.injectExceptions(code, count);
        return gatewayState();
      },
    },
    {
      method: 'POST',
      path: '/reset',
      summary:
        'back to the state at start: faults cleared, gear and registers reset, counters and energy zeroed',
      handler: async () => {
        await sim.reset();
        return gatewayState();
      },
    },
  ];
}
