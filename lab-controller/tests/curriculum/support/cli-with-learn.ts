/**
 * The CLI of cli/main.ts with the commands this work adds registered if main.ts does not have them
 * yet (`learn`, `scenario`), and the same exit code rules (0, 1 expected failure, 2 usage, 70 bug).
 */
import { CommanderError } from 'commander';
import { asExpectedFailure } from '../../../src/cli/cli-error.ts';
import { registerLearn } from '../../../src/cli/commands/learn.ts';
import { registerScenarioCommands } from '../../../src/cli/commands/scenario.ts';
import { buildProgram } from '../../../src/cli/main.ts';
import { printJson } from '../../../src/cli/output.ts';
import { createLogger } from '../../../src/controller/logger.ts';

export async function runCliWithLearn(argv: string[]): Promise<void> {
  const ctx = { logger: createLogger({ defaultLevel: 'warn' }) };
  const program = buildProgram(ctx);
  const has = (name: string): boolean => program.commands.some((c) => c.name() === name);
  if (!has('learn')) registerLearn(program, ctx);
  if (!has('scenario')) registerScenarioCommands(program, ctx);
  let code: number;
  try {
    await program.parseAsync(argv);
    code = typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) code = error.exitCode === 0 ? 0 : 2;
    else {
      const expected = asExpectedFailure(error);
      if (expected) {
        const { exitCode, ...body } = expected;
        if (argv.includes('--json')) printJson({ error: body });
        process.stderr.write(`phare: ${expected.message}\n`);
        code = exitCode;
      } else {
        process.stderr.write(
          `phare: internal error:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        );
        code = 70;
      }
    }
  }
  process.exitCode = code;
  setTimeout(() => process.exit(code), 2000).unref();
}
