/**
 * Auth test rig: the demo site's street DALI gateway alone (one Modbus TCP simulator on an
 * ephemeral port, a couple of seconds to start), a controller on an ephemeral port with a
 * temporary data folder, and an HTTP client that keeps its session cookie like a browser.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { silentLogger } from '@phare/device-drivers/contract.ts';
import { Accounts } from '../../src/auth/accounts.ts';
import type { AccountRole } from '../../src/auth/account-store.ts';
import { CSRF_HEADER, SESSION_COOKIE, type SessionView } from '../../src/auth/session-wire.ts';
import type { ApiResult } from '../../src/api/wire.ts';
import { DEMO_SITE } from '../../src/controller/demo.ts';
import { loadSiteOrThrow } from '../../src/controller/site-loading.ts';
import { startSimulators, type RunningSimulators } from '../../src/controller/simulators.ts';
import {
  startController,
  type Controller,
  type ControllerOptions,
} from '../../src/controller/start-controller.ts';
import type { LoadedSiteInput } from '../../src/registry/site-input.ts';
import { openDatabase } from '../../src/storage/database.ts';

/** demo.yaml reduced to its street gateway: no vigilance, no interlocks on other devices. */
export function streetSite(): LoadedSiteInput {
  const demo = loadSiteOrThrow(DEMO_SITE);
  return {
    ...demo,
    site: {
      ...demo.site,
      devices: demo.site.devices.filter((d) => d.id === 'street'),
      vigilance: [],
      interlocks: [],
    },
  };
}

export async function startStreetSimulator(): Promise<RunningSimulators> {
  return startSimulators(streetSite(), { ephemeralPorts: true });
}

export async function startAuthController(
  site: LoadedSiteInput,
  dataDir: string,
  options: Partial<ControllerOptions> = {},
): Promise<Controller> {
  return startController({
    site,
    port: 0,
    dataDir,
    logger: silentLogger,
    uiDistDir: join(dataDir, 'no-ui'),
    ...options,
  });
}

/** Creates accounts in a data folder the way `phare users add` does (before a controller starts). */
export async function addAccounts(
  dataDir: string,
  accounts: { name: string; role: AccountRole; password: string }[],
): Promise<void> {
  const db = openDatabase(dataDir);
  try {
    const store = Accounts.inDatabase(db);
    for (const a of accounts) await store.add(a.name, a.role, a.password);
  } finally {
    db.close();
  }
}

export interface Answer<T = unknown> {
  status: number;
  headers: IncomingHttpHeaders;
  body: ApiResult<T>;
}

/**
 * An HTTP client with a cookie jar of one cookie and the CSRF token, as the showroom keeps them.
 * `localAddress` (any of 127.0.0.0/8 on Linux) gives it its own client address, so the login rate
 * limit per address of one test does not spill into another.
 */
export class SessionClient {
  cookie: string | undefined;
  csrfToken: string | undefined;

  constructor(
    readonly baseUrl: string,
    readonly localAddress = '127.0.0.1',
  ) {}

  request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer<T>> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        `${this.baseUrl}${path}`,
        {
          method,
          localAddress: this.localAddress,
          headers: {
            ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
            ...(this.cookie ? { cookie: `${SESSION_COOKIE}=${this.cookie}` } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const setCookie = res.headers['set-cookie']?.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
            if (setCookie) {
              const value = setCookie.slice(SESSION_COOKIE.length + 1).split(';')[0] ?? '';
              this.cookie = value ? decodeURIComponent(value) : undefined;
            }
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: JSON.parse(text) as ApiResult<T>,
            });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  async login(name: string, password: string): Promise<Answer<SessionView>> {
    const answer = await this.request<SessionView>('POST', '/api/session', { name, password });
    if (answer.body.ok) this.csrfToken = answer.body.data.csrfToken ?? undefined;
    return answer;
  }

  /** A state change as the showroom sends it: with the session's CSRF token. */
  send<T = unknown>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
    return this.request<T>(method, path, body, this.csrfToken ? { [CSRF_HEADER]: this.csrfToken } : {});
  }
}
