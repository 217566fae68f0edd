/**
 * Where the controller may listen (ARCHITECTURE.md §6, issue 9): loopback by default; another
 * interface only when at least one admin account exists, since every anonymous client on the
 * network is then a visitor and only accounts can act. Checked once at start; the message names
 * the interface so the log says what is exposed.
 */
import { Forbidden } from '@phare/device-drivers/errors.ts';
import type { Accounts } from './accounts.ts';
import { isLoopbackHost } from './loopback.ts';

/**
 * The line to log at start; throws Forbidden when the host is not loopback and no admin account
 * exists (`accounts` null: the data folder is unusable, so no account can be read).
 */
export function checkListenPolicy(host: string, accounts: Accounts | null, dataDir: string): string {
  if (isLoopbackHost(host))
    return accounts && accounts.count() > 0
      ? `listening on ${host} (this machine only); anonymous clients are visitors, sign in to act`
      : `listening on ${host} (this machine only), local bench mode: no account exists, so local pages act as admin`;
  const where = host === '0.0.0.0' || host === '::' ? `${host} (every network interface)` : host;
  if (!accounts || !accounts.hasAdmin()) {
    const why = accounts
      ? 'no admin account exists'
      : `accounts cannot be read (the data folder ${dataDir} is unusable)`;
    throw new Forbidden(
      `Listening on ${where} exposes the controller to the network, which requires accounts, and ${why}. ` +
        `Create one with \`npx phare users add NAME --role admin --data-dir ${dataDir}\`, or listen on 127.0.0.1.`,
    );
  }
  return `listening on ${where}: reachable from the network; accounts are required to act, anonymous clients are read-only visitors`;
}
