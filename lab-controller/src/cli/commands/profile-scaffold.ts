/**
 * `phare profile scaffold --endpoint URI`: a first draft of a profile from the device itself
 * (Modbus register scan, OPC-UA browse), with TODO comments for what a human must take from the
 * datasheet. Prints the YAML, or writes it with --out (never over an existing file without --force).
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { scaffoldProfile } from '../../interop/index.ts';
import { resolveDataDir } from '../../storage/database.ts';
import { CliError } from '../cli-error.ts';
import type { CliContext } from '../context.ts';

interface ScaffoldCliOptions {
  endpoint: string;
  out?: string;
  from: string;
  to: string;
  unit?: string;
  tables: string;
  force?: boolean;
  pkiDir?: string;
  trustServer?: boolean;
}

function integer(text: string, name: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < min || n > max)
    throw new CliError(`${name} must be an integer ${min}–${max}, got "${text}"`, 'BAD_ARGUMENT');
  return n;
}

export function registerProfileCommands(program: Command, ctx: CliContext): void {
  const profile = program.command('profile').description('work on device profiles');
  profile
    .command('scaffold')
    .description('draft a profile from a device: Modbus register scan or OPC-UA browse, TODOs for a human')
    .requiredOption(
      '--endpoint <uri>',
      'the device, e.g. modbus-tcp://192.0.2.10:502?unit=1 or opc.tcp://host:4840',
    )
    .option(
      '--out <file>',
      'write the draft here (hardware/profiles/<vendor>/<model>.yaml) instead of printing it',
    )
    .option('--from <n>', 'Modbus: first register address (0-based)', '0')
    .option('--to <n>', 'Modbus: last register address', '199')
    .option('--unit <n>', "Modbus: unit id (overrides the endpoint's ?unit=)")
    .option('--tables <list>', 'Modbus: holding, input or both', 'holding,input')
    .option('--force', 'overwrite --out if it exists')
    .option('--pki-dir <dir>', 'OPC-UA: client PKI folder (default <data dir>/pki/opcua)')
    .option('--trust-server', 'OPC-UA: accept an unknown server certificate')
    .action(async (opts: ScaffoldCliOptions) => {
      const tables = opts.tables.split(',').map((t) => t.trim());
      if (tables.length === 0 || tables.some((t) => t !== 'holding' && t !== 'input'))
        throw new CliError('--tables takes holding, input or holding,input', 'BAD_ARGUMENT');
      if (opts.out && existsSync(opts.out) && !opts.force)
        throw new CliError(`${opts.out} exists; add --force to overwrite it`, 'BAD_ARGUMENT');
      const result = await scaffoldProfile({
        endpoint: opts.endpoint,
        from: integer(opts.from, '--from', 0, 65535),
        to: integer(opts.to, '--to', 0, 65535),
        ...(opts.unit ? { unit: integer(opts.unit, '--unit', 0, 255) } : {}),
        tables: tables as ('holding' | 'input')[],
        opcua: {
          pkiDir: opts.pkiDir ?? join(resolveDataDir(), 'pki', 'opcua'),
          trustUnknownServerCertificates: opts.trustServer ?? false,
        },
        logger: ctx.logger,
      });
      if (opts.out) {
        await writeFile(opts.out, result.yaml);
        process.stderr.write(`phare: ${result.summary}; draft written to ${opts.out}\n`);
      } else {
        process.stdout.write(result.yaml);
        process.stderr.write(`phare: ${result.summary}\n`);
      }
    });
}
