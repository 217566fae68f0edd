/**
 * What a data-file check reports: problems that name file, line, column and the fix
 * (ARCHITECTURE.md §6 "Clear errors"). Loaders collect every problem of a file instead of stopping
 * at the first, and return a Result rather than throwing; callers that want an exception use
 * `valueOrThrow`, which raises the shared ConfigInvalid error.
 */
import { ConfigInvalid } from '@phare/device-drivers/errors.ts';

export type ProblemPath = (string | number)[];

export interface Problem {
  /** The file as shown to the user (see displayPath). */
  file: string;
  /** 1-based; 0 when the problem concerns the whole file (not found, too large). */
  line: number;
  /** 1-based, in characters; 0 with line 0. */
  column: number;
  message: string;
  /** How to fix it, when Phare can tell ("did you mean …?"). */
  hint?: string;
  /** Where in the document, as keys and list indexes (e.g. ["connection", "timeoutMs"]). */
  path: ProblemPath;
}

export type Result<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/** `file:line:column: message — hint`, the shape editors and terminals turn into links. */
export function formatProblem(problem: Problem): string {
  const where = problem.line > 0 ? `${problem.file}:${problem.line}:${problem.column}` : problem.file;
  return `${where}: ${problem.message}${problem.hint ? ` — ${problem.hint}` : ''}`;
}

/** A problem about the whole file (unreadable, too large), with no position inside it. */
export function fileProblem(file: string, message: string, hint?: string): Problem {
  return { file, line: 0, column: 0, message, ...(hint ? { hint } : {}), path: [] };
}

/** For callers that prefer an exception: throws ConfigInvalid listing every problem. */
export function valueOrThrow<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  const lines = result.problems.map(formatProblem);
  throw new ConfigInvalid(
    `${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} in data files:\n${lines.join('\n')}`,
    { detail: { problems: result.problems } },
  );
}
