/**
 * Decides what one received line is: a good sentence with its numeric groups, or one of the faults
 * a free-running instrument produces (noise, a line cut short, a damaged checksum). Pure code.
 */
import type { AsciiLineFormat, AsciiSentenceDef } from '../point-def.ts';
import { checkNmeaLine } from './checksum.ts';

export type LineVerdict =
  | { kind: 'good'; sentence: string; groups: Record<string, number>; texts: Record<string, string> }
  | { kind: 'checksum'; sentence: string | undefined; detail: string }
  | { kind: 'garbage'; sentence: string | undefined; detail: string };

export interface CompiledSentence {
  id: string;
  regex: RegExp;
}

export function compileSentences(sentences: AsciiSentenceDef[]): CompiledSentence[] {
  return sentences.map((s) => ({ id: s.id, regex: new RegExp(s.pattern) }));
}

function matchSentence(sentences: CompiledSentence[], line: string) {
  for (const sentence of sentences) {
    const match = sentence.regex.exec(line);
    if (match) return { sentence, groups: match.groups ?? {} };
  }
  return undefined;
}

/** Which sentence a damaged line claims to be (its leading word), so only that sentence's points turn bad. */
function claimedSentence(sentences: CompiledSentence[], line: string): string | undefined {
  return matchSentence(sentences, line)?.sentence.id;
}

export function classifyLine(
  format: AsciiLineFormat,
  sentences: CompiledSentence[],
  raw: string,
): LineVerdict {
  let line = raw;
  if (format.checksum === 'nmea-xor') {
    const check = checkNmeaLine(raw);
    if (!check.ok) {
      if (check.reason === 'no-checksum')
        return {
          kind: 'garbage',
          sentence: claimedSentence(sentences, raw),
          detail: `no $…*hh framing in ${JSON.stringify(raw)}`,
        };
      return {
        kind: 'checksum',
        sentence: claimedSentence(sentences, check.line),
        detail: `checksum ${check.received ?? '?'} but the line sums to ${check.expected ?? '?'}: ${JSON.stringify(raw)}`,
      };
    }
    line = check.line;
  }
  const matched = matchSentence(sentences, line);
  if (!matched)
    return { kind: 'garbage', sentence: undefined, detail: `matches no sentence: ${JSON.stringify(raw)}` };
  const groups: Record<string, number> = {};
  const texts: Record<string, string> = {};
  for (const [name, text] of Object.entries(matched.groups)) {
    if (text === undefined) continue;
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value))
      return {
        kind: 'garbage',
        sentence: matched.sentence.id,
        detail: `group ${name} is not a number (${JSON.stringify(text)}) in ${JSON.stringify(raw)}`,
      };
    groups[name] = value;
    texts[name] = text;
  }
  return { kind: 'good', sentence: matched.sentence.id, groups, texts };
}
