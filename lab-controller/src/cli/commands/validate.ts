/** `phare validate FILE...`: every problem of every profile or site file, as file:line:column. */
import type { Command } from 'commander';
import { formatProblem } from '../../config/problem.ts';
import { validateFiles } from '../../config/validate.ts';
import { printJson, printLines } from '../output.ts';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check profile and site files; print every problem as file:line:column')
    .argument('<files...>', 'profile or site YAML files')
    .option('--json', 'print { ok, files: [{ file, ok, problems }] } as JSON')
    .action(async (files: string[], opts: { json?: boolean }) => {
      const report = await validateFiles(files);
      if (opts.json) {
        printJson(report);
      } else {
        const lines: string[] = [];
        for (const file of report.files) {
          if (file.ok) lines.push(`${file.file}: ok`);
          else lines.push(...file.problems.map(formatProblem));
        }
        printLines(lines);
        const bad = report.files.filter((f) => !f.ok).length;
        if (bad > 0) process.stderr.write(`phare: ${bad} of ${report.files.length} files invalid\n`);
      }
      if (!report.ok) process.exitCode = 1;
    });
}
