/**
 * OPC-UA commands:
 *   phare discover opc.tcp://host:4840/path [--out FILE] [--security MODE] [--policy POLICY]
 *                  [--user NAME --password-stdin] [--pki DIR] [--trust-server]
 *     browses the server and prints (or writes) a draft profile (kind opcua-controller) whose TODO
 *     lines a human fills in before `phare validate` (device-drivers/src/opcua/draft-yaml.ts).
 *   phare certs list|trust|reject [FINGERPRINT|FILE] [--pki DIR] [--json]
 *     the controller's OPC-UA PKI: an unknown server certificate lands in rejected/ and is trusted
 *     here, by thumbprint or from a certificate file (protocols.md §5.2).
 * The PKI is the controller's, `<data folder>/pki/opcua` (PHARE_DATA_DIR or ./data): what the
 * daemon uses, so a certificate trusted here is trusted by `phare run`.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CertificateInfo } from '@phare/device-drivers/opcua/index.ts';
import { loadOpcuaModule, opcuaPkiDir } from '../../registry/opcua-device.ts';
import { loadPhareConfigOrThrow } from '../../config/phare-config.ts';
import { resolveDataDir } from '../../storage/database.ts';
import { CliError } from '../cli-error.ts';
import { formatTable, printJson, printLines } from '../output.ts';
import type { CliContext } from '../context.ts';

const MODES = ['None', 'Sign', 'SignAndEncrypt'];

interface DiscoverOptions {
  out?: string;
  security: string;
  policy?: string;
  user?: string;
  passwordStdin?: boolean;
  pki?: string;
  trustServer?: boolean;
  maxNodes?: string;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export function registerOpcua(program: Command, ctx: CliContext): void {
  program
    .command('discover')
    .description('browse an OPC-UA server and print a draft profile (kind opcua-controller) to complete')
    .argument('<endpoint>', 'opc.tcp://host:4840/path')
    .option('--out <file>', 'write the draft profile to this file instead of stdout')
    .option('--security <mode>', `security mode: ${MODES.join(', ')}`, 'None')
    .option(
      '--policy <policy>',
      'security policy, e.g. Basic256Sha256 (default: Basic256Sha256 when signing)',
    )
    .option('--user <name>', 'user name (default anonymous)')
    .option('--password-stdin', "read the user's password from standard input")
    .option('--pki <dir>', 'client PKI folder (default <data folder>/pki/opcua)')
    .option('--trust-server', 'accept and keep an unknown server certificate (a server you know)')
    .option('--max-nodes <n>', 'variables to propose at most', '2000')
    .action(async (endpoint: string, opts: DiscoverOptions) => {
      if (!MODES.includes(opts.security))
        throw new CliError(`--security must be one of ${MODES.join(', ')}, got "${opts.security}"`);
      if (opts.passwordStdin && !opts.user) throw new CliError('--password-stdin needs --user');
      const password = opts.user ? (opts.passwordStdin ? await readStdin() : '') : undefined;
      const maxNodes = Number(opts.maxNodes);
      if (!Number.isInteger(maxNodes) || maxNodes < 1)
        throw new CliError('--max-nodes must be a positive integer');
      const opcua = await loadOpcuaModule(ctx.logger);
      const draft = await opcua.discoverOpcua(endpoint, {
        securityMode: opts.security as 'None',
        ...(opts.policy ? { securityPolicy: opts.policy as 'None' } : {}),
        ...(opts.user ? { userIdentity: { username: opts.user, password: password ?? '' } } : {}),
        pkiDir: opts.pki ?? controllerPkiDir(),
        trustUnknownServerCertificates: opts.trustServer === true,
        maxNodes,
        device: 'discover',
        logger: ctx.logger,
      });
      const yaml = opcua.draftProfileYaml(draft);
      if (opts.out) {
        writeFileSync(opts.out, yaml);
        process.stderr.write(
          `phare: ${draft.points.length} variable(s) written to ${opts.out}; fill in the TODO lines, then phare validate ${opts.out}\n`,
        );
      } else process.stdout.write(yaml);
    });

  const certs = program
    .command('certs')
    .description("the controller's OPC-UA certificates: list, trust or reject a server certificate");
  const pkiOption = (command: Command): Command =>
    command
      .option('--pki <dir>', 'PKI folder (default <data folder>/pki/opcua)')
      .option('--json', 'print the result as JSON');
  pkiOption(certs.command('list').description('own, trusted and rejected certificates')).action(
    async (opts: { pki?: string; json?: boolean }) => {
      const { listCertificates } = await loadOpcuaModule(ctx.logger);
      const listing = listCertificates(opts.pki ?? controllerPkiDir());
      if (opts.json) return printJson(listing);
      const rows = (['own', 'trusted', 'rejected'] as const).flatMap((folder) =>
        listing[folder].map((c) => [
          folder,
          c.fingerprint,
          c.validTo.slice(0, 10),
          c.applicationUri ?? c.subject,
        ]),
      );
      printLines([
        `PKI ${listing.pkiDir}`,
        ...formatTable(['folder', 'thumbprint', 'valid to', 'who'], rows),
      ]);
    },
  );
  pkiOption(
    certs
      .command('trust')
      .description('trust a rejected server certificate (thumbprint) or a certificate file')
      .argument('<fingerprint-or-file>', 'SHA-1 thumbprint (8+ hex digits) or a PEM/DER file'),
  ).action(async (what: string, opts: { pki?: string; json?: boolean }) => {
    const { trustCertificate } = await loadOpcuaModule(ctx.logger);
    report('trusted', trustCertificate(opts.pki ?? controllerPkiDir(), what), opts.json);
  });
  pkiOption(
    certs
      .command('reject')
      .description('stop trusting a server certificate (moves it to rejected/)')
      .argument('<fingerprint-or-file>', 'SHA-1 thumbprint (8+ hex digits) or a PEM/DER file'),
  ).action(async (what: string, opts: { pki?: string; json?: boolean }) => {
    const { rejectCertificate } = await loadOpcuaModule(ctx.logger);
    report('rejected', rejectCertificate(opts.pki ?? controllerPkiDir(), what), opts.json);
  });
}

function report(what: string, info: CertificateInfo, json: boolean | undefined): void {
  if (json) printJson({ [what]: info });
  else printLines([`${what} ${info.fingerprint} ${info.applicationUri ?? info.subject}`, `  ${info.file}`]);
}

/** The controller's PKI: phare.config.yaml's `opcua.pkiDir`, else `<data folder>/pki/opcua`. */
function controllerPkiDir(): string {
  const config = loadPhareConfigOrThrow();
  return config.opcua.pkiDir ?? opcuaPkiDir(resolveDataDir(config.dataDir));
}
