/**
 * The `phare` command line (ARCHITECTURE.md §5). bin/phare.mjs registers tsx and imports this
 * file, so `npx phare` works on a fresh clone without a build.
 *
 * Exit codes: 0 success, 1 an expected failure (invalid file, refused write, device silent) with
 * one clear message and no stack trace, 2 a usage error (commander), 70 an internal error.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { createLogger } from '../controller/logger.ts';
import { asExpectedFailure } from './cli-error.ts';
import { registerDaemons } from './commands/daemons.ts';
import { registerInterop } from './commands/interop.ts';
import { registerLearn } from './commands/learn.ts';
import { registerOpcua } from './commands/opcua.ts';
import { registerProfileCommands } from './commands/profile-scaffold.ts';
import { registerPoints } from './commands/points.ts';
import { registerReadWrite } from './commands/read-write.ts';
import { registerScenarioCommands } from './commands/scenario.ts';
import { registerValidate } from './commands/validate.ts';
import { printJson } from './output.ts';
import type { CliContext } from './context.ts';

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('phare')
    .description('Phare lab kit: simulators, controller and showroom for connected-territory demonstrators')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  registerValidate(program);
  registerPoints(program, ctx);
  registerReadWrite(program, ctx);
  registerDaemons(program, ctx);
  registerOpcua(program, ctx);
  registerScenarioCommands(program, ctx);
  registerInterop(program, ctx);
  registerProfileCommands(program, ctx);
  registerLearn(program, ctx);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const longRunning = ['run', 'demo', 'sim'].includes(argv[2] ?? '');
  // One-shot commands log only warnings unless PHARE_LOG says otherwise; daemons tell what they do.
  const ctx: CliContext = { logger: createLogger({ defaultLevel: longRunning ? 'info' : 'warn' }) };
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; commander has already printed usage errors.
      return error.exitCode === 0 ? 0 : 2;
    }
    const expected = asExpectedFailure(error);
    const json = argv.includes('--json');
    if (expected) {
      const { exitCode, ...body } = expected;
      if (json) printJson({ error: body });
      process.stderr.write(`phare: ${expected.message}\n`);
      return exitCode;
    }
    process.stderr.write(
      `phare: internal error, please report it:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 70;
  }
}

/** Runs the CLI and sets the exit code; a stray handle cannot keep a finished command alive. */
export async function runCli(argv: string[]): Promise<void> {
  const code = await main(argv);
  process.exitCode = code;
  setTimeout(() => process.exit(code), 2000).unref();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  await runCli(process.argv);
}
