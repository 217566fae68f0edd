import { describe, expect, it } from 'vitest';
import type { PointValue, Quality } from '../../src/api/wire.ts';
import { compileExpression, type NameScope } from '../../src/scenario/expression/compile.ts';
import {
  evaluate,
  evaluateCondition,
  PointUnavailable,
  type EvalContext,
} from '../../src/scenario/expression/evaluate.ts';

const POINTS = [
  'street.lamp01.level',
  'street.lamp07.lampFailure',
  'street.group1.level',
  'water-tank.level',
];
const scope: NameScope = {
  isPoint: (id) => POINTS.includes(id),
  isVariable: (name) => ['night', 'label'].includes(name),
  names: () => [...POINTS, 'night', 'label'],
};

function compiled(source: string) {
  const result = compileExpression(source, scope);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.expr;
}

type TestState = PointValue | { value: PointValue; quality?: Quality; ts?: number };

function context(states: Record<string, TestState>, now = 10_000): EvalContext {
  return {
    state: (id) => {
      if (!Object.hasOwn(states, id)) return undefined;
      const raw = states[id]!;
      const s = raw !== null && typeof raw === 'object' ? raw : { value: raw };
      return { value: s.value, quality: s.quality ?? 'good', ts: s.ts ?? now };
    },
    variable: (name) => ({ night: 30, label: 'nuit' })[name],
    nowMs: () => now,
  };
}

describe('scenario expressions', () => {
  it('reads point ids as member chains and variables as names', () => {
    const expr = compiled('abs(street.lamp01.level - night) <= 2 && !street.lamp07.lampFailure');
    expect(expr.points.sort()).toEqual(['street.lamp01.level', 'street.lamp07.lampFailure']);
    expect(expr.variables).toEqual(['night']);
    expect(
      evaluateCondition(expr, context({ 'street.lamp01.level': 31, 'street.lamp07.lampFailure': false })),
    ).toBe(true);
    expect(
      evaluateCondition(expr, context({ 'street.lamp01.level': 40, 'street.lamp07.lampFailure': false })),
    ).toBe(false);
  });

  it('gives the simulated time of day in hours with hour(), and marks the expression as time-dependent', () => {
    // 2026-01-15 21:30 UTC on the run's clock.
    const at = Date.UTC(2026, 0, 15, 21, 30);
    const expr = compiled('hour() >= 21 && hour() < 23');
    expect(expr.usesClock).toBe(true);
    expect(evaluate(compiled('hour()'), context({}, at))).toBe(21.5);
    expect(evaluateCondition(expr, context({}, at))).toBe(true);
    expect(evaluateCondition(expr, context({}, at + 2 * 3_600_000))).toBe(false);
  });

  it('computes values with arithmetic, ternary and the whitelisted functions', () => {
    const ctx = context({ 'street.lamp01.level': 42.46 });
    expect(evaluate(compiled('round(street.lamp01.level, 1)'), ctx)).toBe(42.5);
    expect(evaluate(compiled('min(night, 20) + max(1, 2) * 3 % 4'), ctx)).toBe(22);
    expect(evaluate(compiled('street.lamp01.level > 40 ? night : 0'), ctx)).toBe(30);
    expect(evaluate(compiled('label + "!"'), ctx)).toBe('nuit!');
  });

  it('reaches ids with a dash through point() and ages readings in seconds', () => {
    const expr = compiled('age(point("water-tank.level")) < 5');
    expect(expr.usesClock).toBe(true);
    expect(evaluateCondition(expr, context({ 'water-tank.level': { value: 1, ts: 7000 } }, 10_000))).toBe(
      true,
    );
    expect(evaluateCondition(expr, context({ 'water-tank.level': { value: 1, ts: 1000 } }, 10_000))).toBe(
      false,
    );
  });

  it('names an unknown point with the nearest id as a hint and the character where it is', () => {
    const result = compileExpression('night > 2 && street.lamp1.level > 3', scope);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      expect.objectContaining({ index: 13, hint: 'did you mean street.lamp01.level?' }),
    ]);
    expect(result.problems[0]!.message).toMatch(/unknown name street\.lamp1\.level/);
  });

  it('carries the parser character index of a syntax error', () => {
    const result = compileExpression('street.lamp01.level >= ', scope);
    expect(result).toMatchObject({ ok: false, problems: [{ index: 23 }] });
  });

  it.each([
    ['constructor.constructor("return process")()', /only abs, min, max/],
    ['street.lamp01["level"]', /only names and point ids/],
    ['this', /"this" is not allowed/],
    ['[1, 2]', /a list \[ \] is not allowed/],
    ['night >> 1', /operator >> is not allowed/],
    ['night = 3', /./],
    ['night; night', /one expression only/],
    ['eval("1")', /unknown function eval\(\)/],
    ['__proto__', /unknown name __proto__/],
  ])('refuses %s', (source, message) => {
    const result = compileExpression(source, scope);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.message).join('\n')).toMatch(message);
  });

  it('refuses to mix types instead of coercing them', () => {
    const ctx = context({ 'street.lamp07.lampFailure': true, 'street.lamp01.level': 3 });
    expect(() => evaluate(compiled('street.lamp07.lampFailure + 1'), ctx)).toThrow(
      /\+ needs numbers, got true/,
    );
    expect(() => evaluate(compiled('street.lamp01.level && true'), ctx)).toThrow(
      /needs true or false, got 3/,
    );
    expect(() => evaluateCondition(compiled('street.lamp01.level'), ctx)).toThrow(/not true or false/);
    expect(() => evaluate(compiled('night / 0'), ctx)).toThrow(/division by zero/);
    expect(evaluate(compiled('street.lamp01.level == "3"'), ctx)).toBe(false);
  });

  it('says a point is unavailable when it is offline or was never read', () => {
    const expr = compiled('street.lamp01.level > 3');
    expect(() =>
      evaluate(expr, context({ 'street.lamp01.level': { value: 50, quality: 'offline' } })),
    ).toThrow(PointUnavailable);
    expect(() => evaluate(expr, context({ 'street.lamp01.level': { value: null } }))).toThrow(/never read/);
    expect(evaluate(expr, context({ 'street.lamp01.level': { value: 50, quality: 'stale' } }))).toBe(true);
  });
});
