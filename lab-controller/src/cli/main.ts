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
import { printJson } from './output.ts';
import type { CliContext } from './context.ts';

type Register = (program: Command, ctx: CliContext) => void;

/**
 * Each command's module, loaded only when that command runs: `phare read` need not load the web
 * server, the scenario engine or node-opcua, and every lesson of the curriculum runs the CLI many
 * times. `--help` (or an unknown command) loads them all.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  validate: async () => (await import('./commands/validate.ts')).registerValidate,
  points: async () => (await import('./commands/points.ts')).registerPoints,
  read: async () => (await import('./commands/read-write.ts')).registerReadWrite,
  write: async () => (await import('./commands/read-write.ts')).registerReadWrite,
  run: async () => (await import('./commands/daemons.ts')).registerDaemons,
  demo: async () => (await import('./commands/daemons.ts')).registerDaemons,
  sim: async () => (await import('./commands/daemons.ts')).registerDaemons,
  discover: async () => (await import('./commands/opcua.ts')).registerOpcua,
  certs: async () => (await import('./commands/opcua.ts')).registerOpcua,
  scenario: async () => (await import('./commands/scenario.ts')).registerScenarioCommands,
  interop: async () => (await import('./commands/interop.ts')).registerInterop,
  profile: async () => (await import('./commands/profile-scaffold.ts')).registerProfileCommands,
  learn: async () => (await import('./commands/learn.ts')).registerLearn,
  users: async () => (await import('./commands/users.ts')).registerUsers,
};

/** The program with the command `argv` names, or with every command (help, unknown command). */
export async function buildProgram(ctx: CliContext, argv: readonly string[] = []): Promise<Command> {
  const program = new Command('phare')
    .description('Phare lab kit: simulators, controller and showroom for connected-territory demonstrators')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  const named = argv[2] !== undefined ? COMMANDS[argv[2]] : undefined;
  const loaders = named ? [named] : Object.values(COMMANDS);
  const registers = new Set(await Promise.all(loaders.map((load) => load())));
  for (const register of registers) register(program, ctx);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const longRunning = ['run', 'demo', 'sim'].includes(argv[2] ?? '');
  // One-shot commands log only warnings unless PHARE_LOG says otherwise; daemons tell what they do.
  const ctx: CliContext = { logger: createLogger({ defaultLevel: longRunning ? 'info' : 'warn' }) };
  const program = await buildProgram(ctx, argv);
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
