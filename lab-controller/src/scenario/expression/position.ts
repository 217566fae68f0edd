/**
 * Where a character of an expression sits in the YAML file: jsep reports a character index in the
 * expression; the scalar node knows where the expression starts. Plain and quoted scalars map
 * character for character (a quote adds one); escapes in double quotes and folded block scalars
 * shift columns, so those fall back to the start of the scalar.
 */
import { isScalar, Scalar } from 'yaml';
import type { ProblemPath } from '../../config/problem.ts';
import { valuePosition, type Position, type YamlSource } from '../../config/yaml-source.ts';

export function expressionPosition(source: YamlSource, path: ProblemPath, index: number): Position {
  const node = source.doc.getIn(path, true);
  if (!isScalar(node) || !node.range) return valuePosition(source, path);
  const text = String(node.value);
  const start = node.range[0];
  // A scalar folded over several lines is longer in the file than its value: columns would drift.
  const quotes = node.type === Scalar.PLAIN ? 0 : 2;
  if (node.range[1] - start !== text.length + quotes) return valuePosition(source, path);
  let offset: number | undefined;
  if (node.type === Scalar.PLAIN && !text.includes('\n')) offset = start + index;
  else if (node.type === Scalar.QUOTE_SINGLE && !text.includes("'")) offset = start + 1 + index;
  else if (node.type === Scalar.QUOTE_DOUBLE && !/[\\"\n]/.test(text)) offset = start + 1 + index;
  if (offset === undefined) return valuePosition(source, path);
  const { line, col } = source.lineCounter.linePos(Math.min(offset, node.range[1]));
  return { line, column: col };
}
