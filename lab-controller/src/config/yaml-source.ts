/**
 * Reads a YAML data file defensively and keeps the source positions of every node, so that a
 * problem found later (by the schema or a cross-check) can name its line and column.
 *
 * Hostile or broken input never throws: a file too large, not UTF-8, with YAML syntax errors,
 * several documents, or an alias bomb ("billion laughs") becomes problems.
 */
import { readFileSync, statSync } from 'node:fs';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { displayPath } from './paths.ts';
import { fileProblem, type Problem, type ProblemPath, type Result } from './problem.ts';

/** Profiles and sites are hand-written: a few hundred kB at most. Anything larger is the wrong file. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Beyond this many syntax errors the rest are consequences of the first ones. */
const MAX_SYNTAX_PROBLEMS = 10;
/** Aliases resolved when building the value; a few legitimate reuses, never an exponential blow-up. */
export const MAX_ALIAS_COUNT = 100;
/**
 * Nodes that aliases may add once expanded. The yaml library's maxAliasCount counts aliases, not
 * what they copy: 90 aliases of one 40 000-item list pass it and cost seconds and megabytes in
 * every consumer that walks the value (fuzz test, issue 9). Real reuse (a connection block, a poll
 * group) adds a few hundred nodes.
 */
export const MAX_ALIAS_EXPANSION = 100_000;

export interface Position {
  line: number;
  column: number;
}

export interface YamlSource {
  /** The file as shown in problems. */
  file: string;
  doc: Document.Parsed;
  /** The plain value of the document. */
  value: unknown;
  lineCounter: LineCounter;
}

function positionOf(lineCounter: LineCounter, offset: number): Position {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/** Where the first byte that is not valid UTF-8 sits: binary search on a streaming decoder. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const decodes = (n: number, stream: boolean): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n), { stream });
      return true;
    } catch {
      return false;
    }
  };
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (decodes(mid, true)) lo = mid;
    else hi = mid - 1;
  }
  // The streaming prefix may end inside a sequence whose lead byte is the real culprit (0xE9 "é" in
  // Latin-1 starts a 3-byte sequence that the next ASCII byte breaks): back up to its start.
  let start = lo;
  while (start > lo - 4 && start > 0 && !decodes(start, false)) start -= 1;
  return start;
}

function readText(path: string, file: string): Result<string> {
  let bytes: Buffer;
  try {
    const size = statSync(path).size;
    if (size > MAX_FILE_BYTES)
      return {
        ok: false,
        problems: [
          fileProblem(
            file,
            `file is ${(size / 1024 / 1024).toFixed(1)} MB; Phare reads data files up to ${MAX_FILE_BYTES / 1024 / 1024} MB`,
            'profiles and sites are hand-written YAML of a few kB: is this the right file?',
          ),
        ],
      };
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EISDIR'
          ? 'is a directory, not a file'
          : `cannot read: ${String(error)}`;
    return { ok: false, problems: [fileProblem(file, message)] };
  }
  try {
    return { ok: true, value: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
      return { ok: false, problems: [fileProblem(file, 'file is UTF-16 text', 'save it as UTF-8')] };
    const offset = firstInvalidUtf8(bytes);
    const lines = new TextDecoder('utf-8').decode(bytes.subarray(0, offset)).split('\n');
    const line = lines.length;
    const column = (lines[lines.length - 1]?.length ?? 0) + 1;
    const byte = bytes[offset]?.toString(16).padStart(2, '0') ?? '??';
    return {
      ok: false,
      problems: [
        {
          file,
          line,
          column,
          message: `byte 0x${byte} is not valid UTF-8`,
          hint: 'save the file as UTF-8 (it may be Latin-1 or UTF-16)',
          path: [],
        },
      ],
    };
  }
}

/** Reads and parses one YAML document with positions. */
export function readYaml(path: string): Result<YamlSource> {
  const file = displayPath(path);
  const text = readText(path, file);
  if (!text.ok) return text;
  const lineCounter = new LineCounter();
  const at = (offset: number, message: string, hint?: string): Problem => ({
    file,
    ...positionOf(lineCounter, offset),
    message,
    ...(hint ? { hint } : {}),
    path: [],
  });
  try {
    const doc = parseDocument(text.value, { lineCounter, prettyErrors: false, uniqueKeys: true });
    const syntax = [...doc.errors, ...doc.warnings].map((e) => {
      if (e.code === 'DUPLICATE_KEY') {
        const key = /^[^:\n]*/.exec(text.value.slice(e.pos[0]))?.[0]?.trim() ?? '';
        return at(
          e.pos[0],
          `duplicate key ${key ? `"${key}"` : ''} in this map`.replace('  ', ' '),
          'a key may appear only once in a map',
        );
      }
      if (e.code === 'MULTIPLE_DOCS')
        return at(e.pos[0], 'this file has several YAML documents ("---")', 'keep one document per file');
      // The composer recurses: thousands of nested brackets exhaust the stack.
      if (/call stack/i.test(e.message))
        return at(e.pos[0], 'YAML nesting too deep', 'is this a hand-written file?');
      return at(e.pos[0], `YAML syntax: ${e.message}`);
    });
    if (syntax.length > 0) {
      const distinct = [...new Map(syntax.map((p) => [`${p.line}:${p.column}:${p.message}`, p])).values()];
      distinct.sort((a, b) => a.line - b.line || a.column - b.column);
      const shown = distinct.slice(0, MAX_SYNTAX_PROBLEMS);
      if (distinct.length > shown.length)
        shown.push(
          fileProblem(
            file,
            `${distinct.length - shown.length} more YAML syntax errors not shown`,
            'fix the first ones',
          ),
        );
      return { ok: false, problems: shown };
    }
    if (doc.contents === null) return { ok: false, problems: [fileProblem(file, 'file is empty')] };
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      if (error instanceof ReferenceError && /alias/i.test(error.message))
        return {
          ok: false,
          problems: [
            at(
              firstAliasOffset(doc) ?? 0,
              `too many YAML aliases (more than ${MAX_ALIAS_COUNT} resolved): refusing a file that expands exponentially`,
              'write the values out instead of nesting aliases',
            ),
          ],
        };
      throw error;
    }
    // After toJS, whose alias count catches the exponential bombs first with its own message.
    const added = nodesAddedByAliases(doc);
    if (added > MAX_ALIAS_EXPANSION)
      return {
        ok: false,
        problems: [
          at(
            firstAliasOffset(doc) ?? 0,
            `too many YAML aliases: they would copy ${Number.isFinite(added) ? added : 'endless'} nodes (at most ${MAX_ALIAS_EXPANSION})`,
            'write the values out instead of repeating large anchored blocks',
          ),
        ],
      };
    return { ok: true, value: { file, doc, value, lineCounter } };
  } catch (error) {
    // The parser is iterative but toJS is recursive: absurdly deep nesting can exhaust the stack.
    return {
      ok: false,
      problems: [
        fileProblem(file, `cannot parse: ${error instanceof Error ? error.message : String(error)}`),
      ],
    };
  }
}

/**
 * How many nodes the aliases add when the document is expanded: nodes counted with each alias
 * replaced by its anchor's content, minus nodes as written. Linear time (each anchor is sized once);
 * an alias inside its own anchor counts as endless.
 */
function nodesAddedByAliases(doc: Document.Parsed): number {
  const written = (node: unknown): number => {
    if (isMap(node)) return node.items.reduce((n, pair) => n + written(pair.key) + written(pair.value), 1);
    if (isSeq(node)) return node.items.reduce((n: number, item) => n + written(item), 1);
    return 1;
  };
  const sizes = new Map<unknown, number>();
  const expanded = (node: unknown): number => {
    if (isAlias(node)) {
      const target = node.resolve(doc);
      return target ? expanded(target) : 1;
    }
    if (!isMap(node) && !isSeq(node)) return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    sizes.set(node, Infinity);
    const size = isMap(node)
      ? node.items.reduce((n, pair) => n + expanded(pair.key) + expanded(pair.value), 1)
      : node.items.reduce((n: number, item) => n + expanded(item), 1);
    sizes.set(node, size);
    return size;
  };
  return expanded(doc.contents) - written(doc.contents);
}

function firstAliasOffset(doc: Document.Parsed): number | undefined {
  let found: number | undefined;
  const visit = (node: unknown): void => {
    if (found !== undefined || !node) return;
    if (isAlias(node)) found = node.range?.[0];
    else if (isMap(node) || isSeq(node))
      for (const item of node.items) visit(isMap(node) ? (item as { value: unknown }).value : item);
  };
  visit(doc.contents);
  return found;
}

interface Located {
  /** The value node at the deepest path segment found. */
  node: Node | null;
  /** The key node through which that value was reached, if any. */
  key: Node | null;
  /** How many path segments were found. */
  depth: number;
}

/** Follows a path of map keys and list indexes through the document, as far as it exists. */
function locate(source: YamlSource, path: ProblemPath): Located {
  let node = source.doc.contents as Node | null;
  let key: Node | null = null;
  let depth = 0;
  for (const segment of path) {
    if (isAlias(node)) node = (node.resolve(source.doc) as Node | undefined) ?? null;
    let next: Node | null | undefined;
    let nextKey: Node | null = null;
    if (isMap(node)) {
      const pair = node.items.find(
        (p) =>
          (isScalar(p.key) ? p.key.value : p.key) === segment ||
          String(isScalar(p.key) ? p.key.value : '') === String(segment),
      );
      if (pair) {
        next = (pair.value as Node | null) ?? null;
        nextKey = pair.key as Node;
        if (!next) return { node: nextKey, key: nextKey, depth: depth + 1 };
      }
    } else if (isSeq(node) && typeof segment === 'number') {
      next = node.items[segment] as Node | undefined;
    }
    if (!next) break;
    node = next;
    key = nextKey;
    depth += 1;
  }
  return { node, key, depth };
}

function startOf(source: YamlSource, node: Node | null): Position {
  return node?.range ? positionOf(source.lineCounter, node.range[0]) : { line: 1, column: 1 };
}

/** Position of the value at `path` (or of the deepest part of it that exists). */
export function valuePosition(source: YamlSource, path: ProblemPath): Position {
  return startOf(source, locate(source, path).node);
}

/** Position of the key at the end of `path` (an unknown key). */
export function keyPosition(source: YamlSource, path: ProblemPath): Position {
  const found = locate(source, path);
  return startOf(source, found.depth === path.length ? (found.key ?? found.node) : found.node);
}

/**
 * Position for a key missing from the map at `parentPath`: the key that introduces that map
 * (`connection:`), or the map itself when it is a list item or the whole document.
 */
export function parentPosition(source: YamlSource, parentPath: ProblemPath): Position {
  const found = locate(source, parentPath);
  return startOf(source, found.key ?? found.node);
}
