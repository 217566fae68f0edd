/**
 * Control API routes shared by the water simulators (ARCHITECTURE.md §2 "Simulator"): state, faults
 * on demand, and each simulator's stimulus (rain intensity, leak flow).
 *   GET    /state                        model and line state, active faults, counters
 *   POST   /faults  { fault, count? }    garbage | wrong-crc | truncated | silent | wrong-address,
 *                                        for the next `count` answers/lines (omitted: until cleared)
 *   DELETE /faults                       clear every fault
 *   POST   /rain    { mmPerHour }        rain on the catchment (river, basin, quality probe)
 *   POST   /leak    { litresPerHour }    leak flow behind the building meter (0 repairs it)
 */
import { ControlInputError, objectBody, type ControlRoute, type JsonObject } from '../control/index.ts';
import { SERIAL_FAULTS, type SerialFault, type SerialFaults } from './faults.ts';

export function requiredNumber(body: JsonObject, key: string, range: { min: number; max: number }): number {
  const value = body[key];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < range.min || value > range.max)
    throw new ControlInputError(`${key} must be a number from ${range.min} to ${range.max}`);
  return value;
}

export function faultRoutes(faults: SerialFaults, supported: readonly SerialFault[]): ControlRoute[] {
  return [
    {
      method: 'POST',
      path: '/faults',
      summary: `body { fault: ${supported.join(' | ')}, count?: number }: fault the next answers or lines`,
      handler: ({ body }) => {
        const fields = objectBody(body, ['fault', 'count']);
        const fault = fields['fault'];
        if (typeof fault !== 'string' || !(SERIAL_FAULTS as readonly string[]).includes(fault))
          throw new ControlInputError(`fault must be one of ${SERIAL_FAULTS.join(', ')}`);
        if (!supported.includes(fault as SerialFault))
          throw new ControlInputError(
            `this sensor cannot show "${fault}"; it supports ${supported.join(', ')}`,
            409,
          );
        const count = fields['count'];
        if (count !== undefined && (typeof count !== 'number' || !Number.isInteger(count) || count < 0))
          throw new ControlInputError('count must be a non-negative integer');
        faults.set(fault as SerialFault, count);
        return { faults: faults.snapshot() };
      },
    },
    {
      method: 'DELETE',
      path: '/faults',
      summary: 'clear every fault',
      handler: () => {
        faults.clear();
        return { faults: faults.snapshot() };
      },
    },
  ];
}

export function stimulusRoute(
  path: '/rain' | '/leak',
  key: 'mmPerHour' | 'litresPerHour',
  max: number,
  apply: (value: number) => unknown,
): ControlRoute {
  return {
    method: 'POST',
    path,
    summary: `body { ${key}: number 0–${max} }`,
    handler: ({ body }) => apply(requiredNumber(objectBody(body, [key]), key, { min: 0, max })),
  };
}
