/**
 * `phare scenario run` on a running controller (`npm start`, `phare run`): the run is started
 * through the controller's API, so the showroom shows it live (/scenarios, kiosk narration), and
 * the CLI follows it by polling GET /api/runs/:id, printing each new event. Ctrl-C asks the
 * controller to abort; its `finally` steps restore the safe state there.
 *
 * When the controller has accounts, PHARE_USER and PHARE_PASSWORD (a staff account) sign in
 * first; the session cookie and its CSRF token go with every request.
 */
import type { ApiResult, ScenarioRunView, StartRunResultBody } from '../api/wire.ts';
import { CliError } from './cli-error.ts';
import { describeEvent, type Lang } from './scenario-event-text.ts';

export interface RemoteRunOptions {
  controller: string;
  scenarioId: string;
  speed?: number;
  lang: Lang;
  json: boolean;
  print: (line: string) => void;
  signal: AbortSignal;
  /** How often the run is polled; default 250 ms. */
  pollMs?: number;
}

interface Session {
  headers: Record<string, string>;
}

/** The controller's site id when one answers at `url`, else undefined (no controller there). */
export async function controllerSiteId(url: string, timeoutMs = 1500): Promise<string | undefined> {
  try {
    const response = await fetch(new URL('/api/site', url), { signal: AbortSignal.timeout(timeoutMs) });
    const body = (await response.json()) as ApiResult<{ id: string }>;
    return body.ok ? body.data.id : undefined;
  } catch {
    return undefined;
  }
}

async function call<T>(session: Session, url: string, method: 'GET' | 'POST', body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { ...session.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new CliError(`The controller at ${new URL(url).origin} stopped answering (${String(error)})`);
  }
  const parsed = (await response.json().catch(() => undefined)) as ApiResult<T> | undefined;
  if (parsed?.ok) return parsed.data;
  const message = parsed && !parsed.ok ? parsed.error.message : `HTTP ${response.status}`;
  if (response.status === 401)
    throw new CliError(
      `${message}. The controller has accounts: set PHARE_USER and PHARE_PASSWORD (a staff account) to start runs from the command line`,
      'FORBIDDEN',
    );
  throw new CliError(
    `${method} ${new URL(url).pathname}: ${message}`,
    parsed && !parsed.ok ? parsed.error.code : 'HTTP',
  );
}

async function signIn(base: string): Promise<Session> {
  const name = process.env['PHARE_USER'];
  const password = process.env['PHARE_PASSWORD'];
  if (!name || !password) return { headers: {} };
  const response = await fetch(new URL('/api/session', base), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  if (!response.ok || !cookie)
    throw new CliError(`Signing in as ${name} on ${base} failed (HTTP ${response.status})`, 'FORBIDDEN');
  const session = { headers: { cookie } };
  const who = await call<{ csrfToken: string | null }>(session, new URL('/api/session', base).href, 'GET');
  return { headers: { cookie, ...(who.csrfToken ? { 'x-phare-csrf': who.csrfToken } : {}) } };
}

/** Starts the run on the controller and follows it to its end; answers the final run view. */
export async function runOnController(options: RemoteRunOptions): Promise<ScenarioRunView> {
  const base = options.controller;
  const api = (path: string): string => new URL(path, base).href;
  const session = await signIn(base);
  const started = await call<StartRunResultBody>(
    session,
    api(`/api/scenarios/${encodeURIComponent(options.scenarioId)}/runs`),
    'POST',
    options.speed !== undefined ? { speed: options.speed } : {},
  );
  const runId = started.run;
  if (!options.json)
    options.print(
      `run ${runId} started on the controller: follow it in the showroom at ${api('/scenarios')}`,
    );
  const onAbort = (): void => {
    void call(session, api(`/api/runs/${runId}/abort`), 'POST', {}).catch(() => undefined);
  };
  options.signal.addEventListener('abort', onAbort, { once: true });
  let printed = 0;
  const verdictsPrinted = new Set<string>();
  let origin: number | undefined;
  let speed = options.speed ?? 1;
  try {
    for (;;) {
      const view = await call<ScenarioRunView>(session, api(`/api/runs/${runId}`), 'GET');
      if (!options.json) {
        // While it runs the view carries its events; once ended, the run record has the timeline.
        for (const event of view.events.slice(printed)) {
          origin ??= event.ts;
          if (event.kind === 'verdict')
            verdictsPrinted.add(`${String(event.detail?.['step'])}@${String(event.detail?.['at'])}`);
          if (event.kind === 'run-started' && typeof event.detail?.['speed'] === 'number')
            speed = event.detail['speed'];
          const line = describeEvent(event, (event.ts - origin) / speed, options.lang);
          if (line) options.print(line);
        }
        printed = Math.max(printed, view.events.length);
      }
      if (!view.active) {
        // The ended run's record keeps verdicts, not events: print those reached since the last poll.
        if (!options.json)
          for (const verdict of view.verdicts.filter((v) => !verdictsPrinted.has(`${v.step}@${v.at}`))) {
            const line = describeEvent(
              { run: runId, kind: 'verdict', ts: verdict.at, detail: { ...verdict } },
              (verdict.at - (origin ?? view.startedAt)) / speed,
              options.lang,
            );
            if (line) options.print(line);
          }
        return view;
      }
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 250));
    }
  } finally {
    options.signal.removeEventListener('abort', onAbort);
  }
}
