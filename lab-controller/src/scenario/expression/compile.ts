/**
 * Scenario conditions and computed values: parsed by jsep, then checked against a whitelist
 * (ARCHITECTURE.md §2: "conditions are safe expressions over points (no eval)"). Nothing here or
 * in evaluate.ts calls eval or Function, and no JavaScript object is ever reached through an
 * expression: names resolve only to point ids of the site and to the scenario's variables.
 *
 * Allowed: literals (numbers, strings, true, false, null); names (`lamp`, a variable) and member
 * chains (`street.lamp03.level`, a point id); + - * / %; comparisons; && || !; unary -;
 * `a ? b : c`; the functions of FUNCTIONS. Refused: anything else (calls on members, computed
 * members `a[0]`, arrays, `this`, bit operators, several expressions separated by `,` or `;`).
 *
 * Point ids containing "-" (a device `water-tank`) cannot be a member chain, since "-" subtracts:
 * write `point("water-tank.level")`.
 */
import jsep from 'jsep';
import { closestOf, nearest } from '../../config/suggest.ts';

export type ExprNode =
  | { kind: 'literal'; value: number | boolean | string | null }
  | { kind: 'point'; id: string }
  | { kind: 'variable'; name: string }
  | { kind: 'unary'; op: '!' | '-' | '+'; arg: ExprNode }
  | { kind: 'binary'; op: BinaryOp; left: ExprNode; right: ExprNode }
  | { kind: 'conditional'; test: ExprNode; then: ExprNode; else: ExprNode }
  | { kind: 'call'; fn: FunctionName; args: ExprNode[] };

const BINARY_OPS = [
  '+',
  '-',
  '*',
  '/',
  '%',
  '==',
  '!=',
  '===',
  '!==',
  '<',
  '<=',
  '>',
  '>=',
  '&&',
  '||',
] as const;
export type BinaryOp = (typeof BINARY_OPS)[number];

/** Functions and how many arguments each takes. `age` and `point` take a point, not a value. */
export const FUNCTIONS = {
  abs: { min: 1, max: 1 },
  min: { min: 1, max: 16 },
  max: { min: 1, max: 16 },
  round: { min: 1, max: 2 },
  now: { min: 0, max: 0 },
  /** Simulated time of day in hours, 0 ≤ h < 24 (UTC, as the simulators count days): 21.5 is 21:30. */
  hour: { min: 0, max: 0 },
  age: { min: 1, max: 1 },
  point: { min: 1, max: 1 },
} as const;
export type FunctionName = keyof typeof FUNCTIONS;

export interface NameScope {
  isPoint(id: string): boolean;
  isVariable(name: string): boolean;
  /** Every point id and variable name, for "did you mean …?". */
  names(): string[];
}

export interface CompiledExpression {
  source: string;
  root: ExprNode;
  /** Point ids read (including those given to age()). */
  points: string[];
  variables: string[];
  /** Uses now(), hour() or age(): its value changes with time alone, not only with point events. */
  usesClock: boolean;
}

export interface ExpressionProblem {
  /** Character index in the expression source (0-based). */
  index: number;
  message: string;
  hint?: string;
}

export type CompileResult =
  { ok: true; expr: CompiledExpression } | { ok: false; problems: ExpressionProblem[] };

class Refused extends Error {
  constructor(
    message: string,
    readonly index: number,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export function compileExpression(source: string, scope: NameScope): CompileResult {
  let ast: jsep.Expression;
  try {
    ast = jsep(source);
  } catch (error) {
    const e = error as { index?: number; description?: string; message?: string };
    return {
      ok: false,
      problems: [
        {
          index: e.index ?? 0,
          message: `expression does not parse: ${e.description ?? e.message ?? String(error)}`,
        },
      ],
    };
  }
  const refs = { points: new Set<string>(), variables: new Set<string>(), usesClock: false };
  const problems: ExpressionProblem[] = [];
  const converter = new Converter(source, scope, refs, problems);
  let root: ExprNode;
  try {
    root = converter.convert(ast);
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    problems.push({
      index: error.index,
      message: error.message,
      ...(error.hint ? { hint: error.hint } : {}),
    });
    return { ok: false, problems };
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    expr: {
      source,
      root,
      points: [...refs.points],
      variables: [...refs.variables],
      usesClock: refs.usesClock,
    },
  };
}

class Converter {
  /** Where to look for the next name in the source, so repeated names get their own positions. */
  private searchFrom = 0;

  constructor(
    private readonly source: string,
    private readonly scope: NameScope,
    private readonly refs: { points: Set<string>; variables: Set<string>; usesClock: boolean },
    private readonly problems: ExpressionProblem[],
  ) {}

  convert(node: jsep.Expression): ExprNode {
    switch (node.type) {
      case 'Literal': {
        const value = (node as jsep.Literal).value;
        if (value === null || ['number', 'boolean', 'string'].includes(typeof value))
          return { kind: 'literal', value: value as number | boolean | string | null };
        throw new Refused(
          `literal ${String((node as jsep.Literal).raw)} is not allowed`,
          this.indexOf(String((node as jsep.Literal).raw)),
        );
      }
      case 'Identifier':
      case 'MemberExpression':
        return this.name(node);
      case 'UnaryExpression': {
        const u = node as jsep.UnaryExpression;
        if (u.operator !== '!' && u.operator !== '-' && u.operator !== '+')
          throw new Refused(
            `operator ${u.operator} is not allowed`,
            this.indexOf(u.operator),
            'use ! - or +',
          );
        return { kind: 'unary', op: u.operator, arg: this.convert(u.argument) };
      }
      case 'BinaryExpression': {
        const b = node as jsep.BinaryExpression;
        const left = this.convert(b.left);
        if (!(BINARY_OPS as readonly string[]).includes(b.operator))
          throw new Refused(
            `operator ${b.operator} is not allowed`,
            this.indexOf(b.operator),
            'allowed: + - * / % == != < <= > >= && ||',
          );
        return { kind: 'binary', op: b.operator as BinaryOp, left, right: this.convert(b.right) };
      }
      case 'ConditionalExpression': {
        const c = node as jsep.ConditionalExpression;
        return {
          kind: 'conditional',
          test: this.convert(c.test),
          then: this.convert(c.consequent),
          else: this.convert(c.alternate),
        };
      }
      case 'CallExpression':
        return this.call(node as jsep.CallExpression);
      case 'Compound':
        throw new Refused('one expression only (no "," or ";")', this.indexOfAny([';', ',']));
      default:
        throw new Refused(`${describeNode(node.type)} is not allowed in a scenario expression`, 0);
    }
  }

  private call(node: jsep.CallExpression): ExprNode {
    if (node.callee.type !== 'Identifier')
      throw new Refused('only abs, min, max, round, now, hour, age and point can be called', 0);
    const name = (node.callee as jsep.Identifier).name;
    const at = this.indexOf(name);
    if (!Object.hasOwn(FUNCTIONS, name)) {
      const near = nearest(name, Object.keys(FUNCTIONS));
      throw new Refused(
        `unknown function ${name}()`,
        at,
        near ? `did you mean ${near}()?` : `functions: ${Object.keys(FUNCTIONS).join(', ')}`,
      );
    }
    const fn = name as FunctionName;
    const arity = FUNCTIONS[fn];
    if (node.arguments.length < arity.min || node.arguments.length > arity.max)
      throw new Refused(
        `${fn}() takes ${arity.min === arity.max ? arity.min : `${arity.min} to ${arity.max}`} argument${arity.max === 1 ? '' : 's'}, got ${node.arguments.length}`,
        at,
      );
    if (fn === 'now' || fn === 'hour') this.refs.usesClock = true;
    if (fn === 'point') return this.pointByString(node.arguments[0]!, at);
    if (fn === 'age') {
      this.refs.usesClock = true;
      const arg = node.arguments[0]!;
      const target = arg.type === 'CallExpression' ? this.call(arg as jsep.CallExpression) : this.name(arg);
      if (target.kind !== 'point')
        throw new Refused('age() takes a point id, e.g. age(street.lamp03.level)', at);
      return { kind: 'call', fn, args: [target] };
    }
    return { kind: 'call', fn, args: node.arguments.map((a) => this.convert(a)) };
  }

  private pointByString(arg: jsep.Expression, at: number): ExprNode {
    const value = arg.type === 'Literal' ? (arg as jsep.Literal).value : undefined;
    if (typeof value !== 'string') throw new Refused('point() takes a quoted point id', at);
    if (!this.scope.isPoint(value)) {
      this.unknown(value, this.indexOf(value));
      return { kind: 'literal', value: null };
    }
    this.refs.points.add(value);
    return { kind: 'point', id: value };
  }

  /** A name or member chain: a point id, or a variable. */
  private name(node: jsep.Expression): ExprNode {
    const chain = memberChain(node);
    if (chain === undefined)
      throw new Refused(
        'only names and point ids like street.lamp03.level may be read (no [ ] or calls on them)',
        0,
      );
    const index = this.indexOf(chain);
    if (this.scope.isPoint(chain)) {
      this.refs.points.add(chain);
      return { kind: 'point', id: chain };
    }
    if (!chain.includes('.') && this.scope.isVariable(chain)) {
      this.refs.variables.add(chain);
      return { kind: 'variable', name: chain };
    }
    this.unknown(chain, index);
    return { kind: 'literal', value: null };
  }

  private unknown(name: string, index: number): void {
    const names = this.scope.names();
    const near = nearest(name, names) ?? closestOf(name, names);
    this.problems.push({
      index,
      message: `unknown name ${name}: not a point of this site nor a variable of the scenario`,
      ...(near ? { hint: `did you mean ${near}?` } : {}),
    });
  }

  /** Position of `text` in the source at or after the last name found, else anywhere, else 0. */
  private indexOf(text: string): number {
    let at = this.source.indexOf(text, this.searchFrom);
    if (at < 0) at = this.source.indexOf(text);
    if (at < 0) return 0;
    this.searchFrom = at + text.length;
    return at;
  }

  private indexOfAny(texts: string[]): number {
    const found = texts.map((t) => this.source.indexOf(t)).filter((i) => i >= 0);
    return found.length > 0 ? Math.min(...found) : 0;
  }
}

/** `a.b.c` for a chain of plain (non-computed) members over an identifier; undefined otherwise. */
function memberChain(node: jsep.Expression): string | undefined {
  if (node.type === 'Identifier') return (node as jsep.Identifier).name;
  if (node.type !== 'MemberExpression') return undefined;
  const m = node as jsep.MemberExpression;
  if (m.computed || m.property.type !== 'Identifier') return undefined;
  const head = memberChain(m.object);
  return head === undefined ? undefined : `${head}.${(m.property as jsep.Identifier).name}`;
}

function describeNode(type: string): string {
  const names: Record<string, string> = {
    ArrayExpression: 'a list [ ]',
    ThisExpression: '"this"',
  };
  return names[type] ?? type;
}
