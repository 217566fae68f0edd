/**
 * Turns zod issues into problems a person can act on: positioned at the YAML node, worded in the
 * file's terms ("expected a number, got the string \"fast\""), with a fix when one can be guessed
 * (the nearest valid key or value).
 */
import type { z } from 'zod';
import { nearest, quoteList } from './suggest.ts';
import type { IssueParams } from './schema/common.ts';
import type { Problem, ProblemPath } from './problem.ts';
import { keyPosition, parentPosition, valuePosition, type Position, type YamlSource } from './yaml-source.ts';

type AnySchema = z.core.$ZodType;

/** `connection.timeoutMs`, `points[2].id`; "top level" for the root. */
export function describePath(path: ProblemPath): string {
  if (path.length === 0) return 'the top level';
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/**
 * The schema that validates the value at `path`, to list the keys an object accepts. A union (a
 * `points:` entry is a Modbus register or an OPC-UA node) resolves to the option the document's
 * value looks like (`closestOption`); `unionAt` stops before that last choice.
 */
function schemaAt(schema: AnySchema, path: ProblemPath, document?: unknown): AnySchema | undefined {
  const raw = rawSchemaAt(schema, path, document);
  return raw && resolveUnion(raw, valueAt(document, path).value);
}

function unionAt(schema: AnySchema, path: ProblemPath, document: unknown): AnySchema[] | undefined {
  const raw = rawSchemaAt(schema, path, document);
  return raw && optionsOf(raw);
}

function rawSchemaAt(schema: AnySchema, path: ProblemPath, document: unknown): AnySchema | undefined {
  let current: AnySchema | undefined = unwrap(schema);
  for (const [depth, segment] of path.entries()) {
    if (!current) return undefined;
    current = resolveUnion(current, valueAt(document, path.slice(0, depth)).value);
    const def = current._zod.def as unknown as Record<string, unknown>;
    switch (def['type']) {
      case 'object':
        current = (def['shape'] as Record<string, AnySchema>)[String(segment)];
        break;
      case 'array':
        current = def['element'] as AnySchema;
        break;
      case 'record':
        current = def['valueType'] as AnySchema;
        break;
      case 'tuple':
        current = (def['items'] as AnySchema[])[Number(segment)];
        break;
      default:
        return undefined;
    }
    current = current && unwrap(current);
  }
  return current;
}

function optionsOf(schema: AnySchema): AnySchema[] | undefined {
  const def = schema._zod.def as unknown as Record<string, unknown>;
  return def['type'] === 'union' ? (def['options'] as AnySchema[]) : undefined;
}

function resolveUnion(schema: AnySchema, value: unknown): AnySchema {
  const options = optionsOf(schema);
  return options ? unwrap(options[closestOption(options, value)]!) : schema;
}

/**
 * Which option of a union the value was meant for: the object option sharing the most keys with
 * it (ties: `issueCounts`, the fewest issues, then the first). A register with a typo is still
 * judged as a register, not as a node with three unknown keys.
 */
function closestOption(options: AnySchema[], value: unknown, issueCounts?: number[]): number {
  const keys = value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
  let best = 0;
  let bestScore = -Infinity;
  options.forEach((option, i) => {
    const def = unwrap(option)._zod.def as unknown as Record<string, unknown>;
    const shape = def['type'] === 'object' ? Object.keys(def['shape'] as object) : [];
    const shared = keys.filter((k) => shape.includes(k)).length;
    const score = shared * 1000 - (issueCounts?.[i] ?? 0);
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  });
  return best;
}

function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (;;) {
    const def = current._zod.def as unknown as Record<string, unknown>;
    if (def['innerType']) current = def['innerType'] as AnySchema;
    else if (def['type'] === 'pipe') current = def['in'] as AnySchema;
    else return current;
  }
}

function knownKeys(schema: AnySchema, path: ProblemPath, document: unknown): string[] {
  const at = schemaAt(schema, path, document);
  const def = at?._zod.def as unknown as Record<string, unknown> | undefined;
  return def?.['type'] === 'object' ? Object.keys(def['shape'] as object) : [];
}

function valueAt(value: unknown, path: ProblemPath): { found: boolean; value: unknown } {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment))
      return { found: false, value: undefined };
    current = (current as Record<string | number, unknown>)[segment];
  }
  return { found: true, value: current };
}

const EXPECTED: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a map (key: value)',
  array: 'a list',
  tuple: 'a list',
  record: 'a map (key: value)',
};

/** "the string \"fast\"", "the number 3", "a list"… as YAML users see their values. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  if (Array.isArray(value)) return 'a list';
  return 'a map';
}

function bound(issue: { minimum?: unknown; maximum?: unknown; inclusive?: boolean }, small: boolean): string {
  const limit = String(small ? issue.minimum : issue.maximum);
  if (small) return issue.inclusive ? `at least ${limit}` : `greater than ${limit}`;
  return issue.inclusive ? `at most ${limit}` : `less than ${limit}`;
}

interface Worded {
  position: Position;
  message: string;
  hint?: string | undefined;
  path: ProblemPath;
  /** For an unknown key: the path of the key it probably meant. */
  meant?: ProblemPath;
  /** For a missing key. */
  missing?: boolean;
}

const samePath = (a: ProblemPath, b: ProblemPath): boolean =>
  a.length === b.length && a.every((s, i) => String(s) === String(b[i]));

function word(issue: z.core.$ZodIssue, source: YamlSource, schema: AnySchema): Worded[] {
  const path = issue.path.map((s) => (typeof s === 'symbol' ? String(s) : s));
  const where = describePath(path);
  const parentPath = path.slice(0, -1);
  const lastKey = path[path.length - 1];
  const present = valueAt(source.value, path);
  const value = present.found ? present.value : undefined;
  const atValue = valuePosition(source, path);
  const params = (issue as { params?: IssueParams }).params;

  // A key the schema requires, absent from its map: point at the map that lacks it.
  if (
    !present.found &&
    lastKey !== undefined &&
    (issue.code === 'invalid_type' || issue.code === 'invalid_value')
  ) {
    const expected =
      issue.code === 'invalid_type'
        ? (EXPECTED[issue.expected] ?? issue.expected)
        : `one of ${quoteList(issue.values)}`;
    return [
      {
        position: parentPosition(source, parentPath),
        message: `missing required key "${String(lastKey)}" ${parentPath.length ? 'in' : 'at'} ${describePath(parentPath)}`,
        hint: `add ${String(lastKey)}: ${expected}`,
        path,
        missing: true,
      },
    ];
  }

  switch (issue.code) {
    case 'unrecognized_keys': {
      const keys = knownKeys(schema, path, source.value);
      return issue.keys.map((key) => {
        const near = nearest(key, keys);
        return {
          position: keyPosition(source, [...path, key]),
          message: `unknown key "${key}" ${path.length ? 'in' : 'at'} ${where}`,
          hint: near ? `did you mean "${near}"?` : `known keys: ${keys.join(', ')}`,
          path: [...path, key],
          ...(near ? { meant: [...path, near] } : {}),
        };
      });
    }
    case 'invalid_type': {
      // "a whole number" only helps when a number was given; "fast" simply is not a number.
      const expected =
        issue.expected === 'int' && typeof value !== 'number'
          ? 'a number'
          : (EXPECTED[issue.expected] ?? issue.expected);
      const numeric = typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value));
      return [
        {
          position: atValue,
          message: `${where}: expected ${expected}, got ${describeValue(value)}`,
          hint:
            numeric && issue.expected !== 'string'
              ? 'remove the quotes'
              : issue.expected === 'string' && typeof value === 'number'
                ? `quote it: "${value}"`
                : undefined,
          path,
        },
      ];
    }
    case 'invalid_value': {
      const candidates = issue.values.map((v) => String(v));
      const near = typeof value === 'string' ? nearest(value, candidates) : undefined;
      const one = issue.values.length === 1;
      return [
        {
          position: atValue,
          message: `${where}: ${JSON.stringify(value)} is not ${one ? quoteList(issue.values) : `one of ${quoteList(issue.values)}`}`,
          hint: near && !one ? `did you mean "${near}"?` : undefined,
          path,
        },
      ];
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const text =
        issue.origin === 'array'
          ? `must have ${bound(issue, small)} item${Number(small ? issue.minimum : issue.maximum) === 1 ? '' : 's'}`
          : issue.origin === 'string'
            ? small && Number(issue.minimum) === 1
              ? 'must not be empty'
              : `must have ${bound(issue, small)} characters`
            : `must be ${bound(issue, small)}, got ${String(value)}`;
      return [{ position: atValue, message: `${where}: ${text}`, path }];
    }
    case 'invalid_format':
      return [
        { position: atValue, message: `${where}: ${issue.message}, got ${describeValue(value)}`, path },
      ];
    case 'invalid_union': {
      // Word the problems of the option the value was meant for, as if it were the only one.
      const branches = issue.errors;
      const unionSchema = unionAt(schema, path, source.value);
      if (branches.length === 0 || !unionSchema)
        return [
          { position: atValue, message: `${where}: ${describeValue(value)} is not allowed here`, path },
        ];
      const chosen = closestOption(
        unionSchema,
        value,
        branches.map((b) => b.length),
      );
      return (branches[chosen] ?? []).flatMap((sub) =>
        word({ ...sub, path: [...path, ...sub.path] } as z.core.$ZodIssue, source, schema),
      );
    }
    default: {
      const alsoAt = params?.alsoAt ? valuePosition(source, params.alsoAt) : undefined;
      const also = alsoAt ? ` (first at line ${alsoAt.line}, column ${alsoAt.column})` : '';
      return [
        {
          position: atValue,
          message: `${path.length ? `${where}: ` : ''}${issue.message}${also}`,
          hint: params?.hint,
          path,
        },
      ];
    }
  }
}

/** Every zod issue of one file as positioned problems, in file order. */
export function issuesToProblems(
  issues: readonly z.core.$ZodIssue[],
  source: YamlSource,
  schema: AnySchema,
): Problem[] {
  const worded = issues.flatMap((issue) => word(issue, source, schema));
  // A misspelt key also leaves the right one missing: one problem ("did you mean …?") says both.
  const meant = worded.flatMap((w) => (w.meant ? [w.meant] : []));
  const problems = worded
    .filter((w) => !(w.missing && meant.some((m) => samePath(m, w.path))))
    .map((w): Problem => ({
      file: source.file,
      line: w.position.line,
      column: w.position.column,
      message: w.message,
      ...(w.hint ? { hint: w.hint } : {}),
      path: w.path,
    }));
  return sortProblems(problems);
}

export function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}
