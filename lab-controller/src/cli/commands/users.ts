/**
 * `phare users add|list|remove|passwd`: the accounts of the data folder (`./data` or
 * PHARE_DATA_DIR), the same SQLite file the controller reads, so changes apply to a running
 * controller at once (a removed account's sessions end on its next request).
 *
 * Passwords are read with echo off from a terminal (asked twice), or as one line from stdin with
 * --password-stdin, for scripts: `printf '%s\n' "$PW" | npx phare users add ana --role staff --password-stdin`.
 * They never appear in arguments, where `ps` and the shell history would show them.
 */
import { createInterface } from 'node:readline';
import { Option, type Command } from 'commander';
import { Accounts } from '../../auth/accounts.ts';
import { ACCOUNT_ROLES, accountKey } from '../../auth/account-store.ts';
import { loadPhareConfigOrThrow } from '../../config/phare-config.ts';
import { openDatabase, resolveDataDir } from '../../storage/database.ts';
import { CliError } from '../cli-error.ts';
import { formatTable, printJson, printLines } from '../output.ts';
import type { CliContext } from '../context.ts';

interface DataOptions {
  dataDir?: string;
  json?: boolean;
}

interface PasswordOptions extends DataOptions {
  passwordStdin?: boolean;
}

const DATA_DIR_HELP = 'data folder holding the accounts (default ./data or PHARE_DATA_DIR)';

export function registerUsers(program: Command, _ctx: CliContext): void {
  const users = program
    .command('users')
    .description('manage the accounts that may sign in to the controller (admin, staff, apprentice, vendor)');

  users
    .command('add')
    .description('create an account; its password is asked, or read from stdin with --password-stdin')
    .argument('<name>', 'account name: letters, digits, ".", "_" or "-"')
    .addOption(
      new Option('--role <role>', 'what the account may do').choices(ACCOUNT_ROLES).makeOptionMandatory(),
    )
    .option('--password-stdin', 'read the password as one line from stdin (non-interactive)')
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .option('--json', 'print the account as JSON')
    .action(async (name: string, opts: PasswordOptions & { role: string }) => {
      const password = await readPassword(name, opts);
      const account = await withAccounts(opts, (accounts) => accounts.add(name, opts.role, password));
      if (opts.json) return printJson(account);
      printLines([`phare: account ${account.name} (${account.role}) created`]);
    });

  users
    .command('list')
    .description('list the accounts: name, role, creation date (never the password hashes)')
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .option('--json', 'print the accounts as JSON')
    .action(async (opts: DataOptions) => {
      const list = await withAccounts(opts, (accounts) => accounts.list());
      if (opts.json) return printJson(list);
      if (list.length === 0) return printLines(['no account: the controller runs in local bench mode']);
      printLines(
        formatTable(
          ['NAME', 'ROLE', 'CREATED'],
          list.map((a) => [a.name, a.role, new Date(a.createdAt).toISOString()]),
        ),
      );
    });

  users
    .command('remove')
    .description('delete an account and end its sessions')
    .argument('<name>', 'account name')
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .option('--json', 'print { removed: name } as JSON')
    .action(async (name: string, opts: DataOptions) => {
      await withAccounts(opts, (accounts) => accounts.remove(name));
      if (opts.json) return printJson({ removed: name });
      printLines([`phare: account ${name} removed, its sessions ended`]);
    });

  users
    .command('passwd')
    .description("change an account's password and end its sessions")
    .argument('<name>', 'account name')
    .option('--password-stdin', 'read the new password as one line from stdin (non-interactive)')
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .option('--json', 'print { changed: name } as JSON')
    .action(async (name: string, opts: PasswordOptions) => {
      // Fail on an unknown name before asking for a password.
      await withAccounts(opts, (accounts) => {
        if (!accounts.list().some((a) => accountKey(a.name) === accountKey(name)))
          throw new CliError(`No account named ${name}; \`phare users list\` shows them`);
      });
      const password = await readPassword(name, opts);
      await withAccounts(opts, (accounts) => accounts.setPassword(name, password));
      if (opts.json) return printJson({ changed: name });
      printLines([`phare: password of ${name} changed, its sessions ended`]);
    });
}

/**
 * The accounts of the data folder the controller uses: --data-dir, else phare.config.yaml's
 * `dataDir` (PHARE_DATA_DIR, ./data), with the file's password policy.
 */
async function withAccounts<T>(opts: DataOptions, use: (accounts: Accounts) => T | Promise<T>): Promise<T> {
  const config = loadPhareConfigOrThrow();
  const db = openDatabase(resolveDataDir(opts.dataDir ?? config.dataDir));
  try {
    return await use(Accounts.inDatabase(db, { minPasswordLength: config.accounts.minPasswordLength }));
  } finally {
    db.close();
  }
}

async function readPassword(name: string, opts: PasswordOptions): Promise<string> {
  if (opts.passwordStdin) return readStdinLine();
  if (!process.stdin.isTTY)
    throw new CliError('stdin is not a terminal: pass the password on stdin with --password-stdin');
  const first = await askHidden(`Password for ${name}: `);
  const again = await askHidden('Again: ');
  if (first !== again) throw new CliError('The two passwords differ; nothing changed');
  return first;
}

/** The first line of stdin, without its line ending; empty if stdin ends first. */
function readStdinLine(): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
    let answered = false;
    lines.once('line', (line) => {
      answered = true;
      resolve(line);
      lines.close();
    });
    lines.once('close', () => {
      if (!answered) resolve('');
    });
    process.stdin.once('error', reject);
  });
}

/** Asks on the terminal without echoing what is typed. */
function askHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const output = rl as unknown as { _writeToOutput(text: string): void };
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    // After the prompt is shown, echo nothing of what is typed.
    output._writeToOutput = () => undefined;
  });
}
