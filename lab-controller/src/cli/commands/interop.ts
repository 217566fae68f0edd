/**
 * `phare interop --profile FILE --endpoint URI`: the vendor interoperability suite (ARCHITECTURE.md
 * §1 "Vendors"). Prints a readable summary (or the InteropReport with --json), writes the JSON,
 * JUnit and HTML reports with --report DIR, and exits 0 only when every mandatory check passed.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadProfile } from '../../config/load-profile.ts';
import { formatProblem } from '../../config/problem.ts';
import {
  CHECK_GROUPS,
  exitCodeOf,
  interopReportsDir,
  runInterop,
  writeReports,
  type CheckGroup,
  type DaliBench,
  type InteropReport,
} from '../../interop/index.ts';
import { resolveDataDir } from '../../storage/database.ts';
import { CliError } from '../cli-error.ts';
import type { CliContext } from '../context.ts';
import { printJson, printLines } from '../output.ts';

interface InteropOptions {
  profile: string;
  endpoint: string;
  report?: string;
  only?: string;
  json?: boolean;
  robustness?: boolean;
  careful?: boolean;
  control?: string;
  luminaires?: string;
  daliLine?: string;
  samples?: string;
  pkiDir?: string;
  trustServer?: boolean;
  user?: string;
  keep: boolean;
}

/** `0:1,1:1,2:2+3,4`: short address, then `:` and the groups joined by `+`. */
export function parseLuminaires(spec: string): DaliBench['luminaires'] {
  return spec
    .split(',')
    .filter((part) => part.trim() !== '')
    .map((part) => {
      const match = /^\s*(\d{1,2})(?::(\d{1,2}(?:\+\d{1,2})*))?\s*$/.exec(part);
      const shortAddress = Number(match?.[1]);
      const groups = match?.[2] ? match[2].split('+').map(Number) : [];
      if (!match || shortAddress > 63 || groups.some((g) => g > 15))
        throw new CliError(
          `--luminaires "${part}": give shortAddress[:group+group], short addresses 0–63, groups 0–15 (e.g. 0:1,1:1,2:2)`,
          'BAD_ARGUMENT',
        );
      return { shortAddress, groups };
    });
}

function parseGroups(text: string): CheckGroup[] {
  const groups = text.split(',').map((g) => g.trim());
  const unknown = groups.filter((g) => !(CHECK_GROUPS as readonly string[]).includes(g));
  if (unknown.length > 0)
    throw new CliError(`--only ${unknown.join(',')}: groups are ${CHECK_GROUPS.join(', ')}`, 'BAD_ARGUMENT');
  return groups as CheckGroup[];
}

function summaryLines(report: InteropReport, files?: Record<string, string>): string[] {
  const lines = [
    `Phare interop ${report.phareVersion}: ${report.profile.id} (${report.device.vendor} ${report.device.model}) at ${report.endpoint}`,
  ];
  if (report.device.reported)
    lines.push(
      `  device says: ${Object.entries(report.device.reported)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}`,
    );
  for (const group of CHECK_GROUPS) {
    const checks = report.checks.filter((c) => c.group === group);
    if (checks.length === 0) continue;
    const n = (v: string) => checks.filter((c) => c.verdict === v).length;
    lines.push(`  ${group.padEnd(13)} ${n('pass')} pass, ${n('fail')} fail, ${n('skip')} skipped`);
    for (const c of checks.filter((check) => check.verdict === 'fail'))
      lines.push(
        `    ✗ ${c.id}${c.mandatory ? '' : ' (optional)'}: ${c.observed}`,
        `      ${c.explanation.en}`,
      );
  }
  const { summary } = report;
  lines.push(
    summary.passed
      ? `PASS: ${summary.pass} passed, ${summary.skip} skipped, every mandatory check passed (${Math.round(report.durationMs / 1000)} s)`
      : `FAIL: ${summary.mandatoryFailed} mandatory check(s) failed${summary.stoppedEarly ? ', stopped at the first failure (--careful)' : ''} (${Math.round(report.durationMs / 1000)} s)`,
  );
  if (files)
    lines.push(`Reports: ${files['html']}`, `         ${files['junit']}`, `         ${files['json']}`);
  return lines;
}

export function registerInterop(program: Command, ctx: CliContext): void {
  program
    .command('interop')
    .description(
      'run the interoperability suite against a device described by a profile; exit 0 only if every mandatory check passed',
    )
    .requiredOption('--profile <file>', 'profile YAML file (hardware/profiles/<vendor>/<model>.yaml)')
    .requiredOption(
      '--endpoint <uri>',
      'the device, e.g. modbus-tcp://192.0.2.10:502?unit=1 or opc.tcp://host:4840',
    )
    .option('--report <dir>', 'write the JSON, JUnit XML and HTML reports into this folder')
    .option(
      '--only <groups>',
      `run only these groups (comma-separated) after connectivity: ${CHECK_GROUPS.join(', ')}`,
    )
    .option('--json', 'print the whole report as JSON')
    .option('--no-keep', 'do not keep a copy in <data dir>/interop-reports (listed by the showroom)')
    .option('--robustness', 'also drop the connection and check recovery (with --control: a device outage)')
    .option('--careful', 'stop at the first failure')
    .option(
      '--control <url>',
      'control API of a Phare simulator: enables fault injection (lamp failure, outage)',
    )
    .option(
      '--luminaires <spec>',
      'DALI gateway: luminaires on the bench, shortAddress[:group+group], e.g. 0:1,1:1,2:2',
    )
    .option('--dali-line <n>', 'DALI gateway: line (channel) of the luminaires', '0')
    .option('--samples <n>', 'reads per poll group for the timing statistics', '10')
    .option('--pki-dir <dir>', 'OPC-UA: client PKI folder (default <data dir>/pki/opcua)')
    .option(
      '--trust-server',
      'OPC-UA: accept an unknown server certificate (it is stored in the PKI trusted/ folder)',
    )
    .option('--user <name>', 'OPC-UA: user name; the password is read from PHARE_OPCUA_PASSWORD')
    .action(async (opts: InteropOptions) => {
      const loaded = loadProfile(opts.profile);
      if (!loaded.ok)
        throw new CliError(
          `${opts.profile} is not a valid profile:\n${loaded.problems.map(formatProblem).join('\n')}`,
          'CONFIG_INVALID',
        );
      const samples = Number(opts.samples);
      const line = Number(opts.daliLine);
      if (!Number.isInteger(samples) || samples < 1 || samples > 1000)
        throw new CliError('--samples must be an integer 1–1000', 'BAD_ARGUMENT');
      if (!Number.isInteger(line) || line < 0)
        throw new CliError('--dali-line must be an integer ≥ 0', 'BAD_ARGUMENT');
      const password = process.env['PHARE_OPCUA_PASSWORD'];
      if (opts.user && password === undefined)
        throw new CliError('--user needs the password in PHARE_OPCUA_PASSWORD', 'BAD_ARGUMENT');
      const report = await runInterop({
        profile: loaded.value,
        profileFile: opts.profile,
        endpoint: opts.endpoint,
        ...(opts.only ? { only: parseGroups(opts.only) } : {}),
        robustness: opts.robustness ?? false,
        careful: opts.careful ?? false,
        ...(opts.control ? { control: opts.control } : {}),
        ...(opts.luminaires ? { dali: { line, luminaires: parseLuminaires(opts.luminaires) } } : {}),
        opcua: {
          pkiDir: opts.pkiDir ?? join(resolveDataDir(), 'pki', 'opcua'),
          trustUnknownServerCertificates: opts.trustServer ?? false,
          ...(opts.user ? { userIdentity: { username: opts.user, password: password! } } : {}),
        },
        timingSamples: samples,
        logger: ctx.logger,
      });
      const files = opts.report ? await writeReports(report, opts.report) : undefined;
      // The controller lists what is kept in its data folder (showroom /interop); the vendor's
      // --report folder is theirs to take away.
      const kept = opts.keep ? await writeReports(report, interopReportsDir(resolveDataDir())) : undefined;
      if (opts.json) printJson(report);
      else printLines(summaryLines(report, (files ?? kept) as Record<string, string> | undefined));
      process.exitCode = exitCodeOf(report);
    });
}
