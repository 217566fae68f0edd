/**
 * The shell commands of a lesson: every fenced block whose info string starts with `sh`.
 * "```sh fails" marks a block that must exit non-zero (a refused write, a check not yet passed).
 */
export interface LessonBlock {
  /** 1-based line of the opening fence, for messages. */
  line: number;
  script: string;
  mustFail: boolean;
}

export function shellBlocks(markdown: string): LessonBlock[] {
  const blocks: LessonBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```sh(?:\s+(\S+))?\s*$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i += 1; i < lines.length && !lines[i]!.startsWith('```'); i++) body.push(lines[i]!);
    blocks.push({ line: start + 1, script: body.join('\n'), mustFail: open[1] === 'fails' });
  }
  return blocks;
}
