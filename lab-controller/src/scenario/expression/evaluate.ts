/**
 * Evaluates a compiled expression (compile.ts) against live point states and run variables.
 *
 * Types are strict, as a wrong comparison in front of an audience is worse than a clear error:
 * arithmetic and < > need numbers (or two strings for comparisons), && || ! need true/false,
 * == compares without coercion. A point that has no usable value (offline, bad, never read) throws
 * PointUnavailable: a `wait until` keeps waiting, an `expect` reports it in its verdict.
 */
import { ConfigInvalid, Disconnected } from '@phare/device-drivers/errors.ts';
import type { PointValue, Quality } from '../../api/wire.ts';
import type { CompiledExpression, ExprNode } from './compile.ts';

export type ExprValue = number | boolean | string | null;

export interface EvalContext {
  /** The point's state; undefined when unknown. */
  state(pointId: string): { value: PointValue; quality: Quality; ts: number } | undefined;
  variable(name: string): ExprValue | undefined;
  /** Current time of the run's clock, ms since the epoch (now()). */
  nowMs(): number;
  /** Wall-clock ms, to age point timestamps (which are wall time); default nowMs. */
  wallNowMs?(): number;
}

/** A point read by the expression has no fresh value (offline, bad quality, never read). */
export class PointUnavailable extends Disconnected {}

export function evaluate(expr: CompiledExpression, ctx: EvalContext): ExprValue {
  return new Evaluator(expr.source, ctx).run(expr.root);
}

/** Evaluates a condition: its value must be true or false. */
export function evaluateCondition(expr: CompiledExpression, ctx: EvalContext): boolean {
  const value = evaluate(expr, ctx);
  if (typeof value !== 'boolean')
    throw new ConfigInvalid(`condition "${expr.source}" gave ${show(value)}, not true or false`);
  return value;
}

class Evaluator {
  constructor(
    private readonly source: string,
    private readonly ctx: EvalContext,
  ) {}

  run(node: ExprNode): ExprValue {
    switch (node.kind) {
      case 'literal':
        return node.value;
      case 'point':
        return this.point(node.id);
      case 'variable': {
        const value = this.ctx.variable(node.name);
        if (value === undefined) throw this.fail(`variable ${node.name} has no value`);
        return value;
      }
      case 'unary': {
        const arg = this.run(node.arg);
        if (node.op === '!') return !this.bool(arg, '!');
        const n = this.num(arg, node.op);
        return node.op === '-' ? -n : n;
      }
      case 'conditional':
        return this.bool(this.run(node.test), '?') ? this.run(node.then) : this.run(node.else);
      case 'binary':
        return this.binary(node.op, node.left, node.right);
      case 'call':
        return this.call(node);
    }
  }

  private point(id: string): ExprValue {
    const state = this.ctx.state(id);
    if (!state) throw this.fail(`point ${id} is unknown`);
    if (state.quality === 'offline' || state.quality === 'bad' || state.value === null)
      throw new PointUnavailable(
        `point ${id} has no usable value (quality ${state.quality}${state.value === null ? ', never read' : ''})`,
        { point: id, detail: { quality: state.quality } },
      );
    return state.value;
  }

  private binary(op: string, leftNode: ExprNode, rightNode: ExprNode): ExprValue {
    // && and || short-circuit, so `x != null && x > 3`-style guards work.
    if (op === '&&') return this.bool(this.run(leftNode), op) ? this.bool(this.run(rightNode), op) : false;
    if (op === '||') return this.bool(this.run(leftNode), op) ? true : this.bool(this.run(rightNode), op);
    const left = this.run(leftNode);
    const right = this.run(rightNode);
    switch (op) {
      case '==':
      case '===':
        return Object.is(left, right) || left === right;
      case '!=':
      case '!==':
        return !(Object.is(left, right) || left === right);
      case '<':
      case '<=':
      case '>':
      case '>=':
        return this.compare(op, left, right);
      case '+':
        if (typeof left === 'string' && typeof right === 'string') return left + right;
        return this.finite(this.num(left, op) + this.num(right, op), op);
      case '-':
        return this.finite(this.num(left, op) - this.num(right, op), op);
      case '*':
        return this.finite(this.num(left, op) * this.num(right, op), op);
      case '/':
        return this.finite(this.num(left, op) / this.num(right, op), op);
      case '%':
        return this.finite(this.num(left, op) % this.num(right, op), op);
      default:
        throw this.fail(`operator ${op} is not allowed`);
    }
  }

  private compare(op: '<' | '<=' | '>' | '>=', left: ExprValue, right: ExprValue): boolean {
    const bothStrings = typeof left === 'string' && typeof right === 'string';
    const a = bothStrings ? left : this.num(left, op);
    const b = bothStrings ? right : this.num(right, op);
    if (op === '<') return a < b;
    if (op === '<=') return a <= b;
    if (op === '>') return a > b;
    return a >= b;
  }

  private call(node: Extract<ExprNode, { kind: 'call' }>): ExprValue {
    if (node.fn === 'now') return this.ctx.nowMs() / 1000;
    if (node.fn === 'hour') {
      const dayMs = 86_400_000;
      return (((this.ctx.nowMs() % dayMs) + dayMs) % dayMs) / 3_600_000;
    }
    if (node.fn === 'age') {
      const target = node.args[0]!;
      const id = target.kind === 'point' ? target.id : '';
      const state = this.ctx.state(id);
      if (!state) throw this.fail(`point ${id} is unknown`);
      // Seconds since the point's last reading; point timestamps are wall time.
      const now = this.ctx.wallNowMs ? this.ctx.wallNowMs() : this.ctx.nowMs();
      return Math.max(0, (now - state.ts) / 1000);
    }
    const args = node.args.map((a) => this.num(this.run(a), `${node.fn}()`));
    switch (node.fn) {
      case 'abs':
        return Math.abs(args[0]!);
      case 'min':
        return Math.min(...args);
      case 'max':
        return Math.max(...args);
      case 'round': {
        const factor = 10 ** Math.max(0, Math.min(6, Math.trunc(args[1] ?? 0)));
        return Math.round(args[0]! * factor) / factor;
      }
      default:
        throw this.fail(`unknown function ${node.fn}()`);
    }
  }

  private num(value: ExprValue, op: string): number {
    if (typeof value === 'number') return value;
    throw this.fail(`${op} needs numbers, got ${show(value)}`);
  }

  private bool(value: ExprValue, op: string): boolean {
    if (typeof value === 'boolean') return value;
    throw this.fail(`${op} needs true or false, got ${show(value)}`);
  }

  private finite(value: number, op: string): number {
    if (Number.isFinite(value)) return value;
    throw this.fail(`${op} gave ${value} (division by zero?)`);
  }

  private fail(message: string): ConfigInvalid {
    return new ConfigInvalid(`in "${this.source}": ${message}`);
  }
}

function show(value: ExprValue): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
