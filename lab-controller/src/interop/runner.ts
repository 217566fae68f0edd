/**
 * The interoperability suite (ARCHITECTURE.md §1 "Vendors"): from a profile and an endpoint, the
 * checks of each group, run one after the other against the device, into an InteropReport.
 *
 *   runInterop({ profile, endpoint, only?, robustness?, careful?, report?, logger }) → InteropReport
 *
 * Guarantees, whatever the device does:
 * - it never hangs: each request has a deadline (device-session.ts), each check a timeout, the run
 *   a global one; a check that overruns fails, and the link is reopened so nothing late leaks into
 *   the next check;
 * - it never breaks the device: writes only within the profile's limits, previous values restored,
 *   requests rate-limited (safe-write.ts, device-session.ts); faults are injected only through a
 *   simulator's control API;
 * - `careful` stops at the first failure;
 * - the link is always closed, and reports are written even when checks failed.
 * `connectivity` always runs, even with `only`: the other groups need to know the device answers.
 */
import { silentLogger, type Logger } from '@phare/device-drivers/contract.ts';
import { parseEndpoint, type Endpoint } from '@phare/device-drivers/endpoint.ts';
import { Timeout } from '@phare/device-drivers/errors.ts';
import type { Profile } from '../config/schema/profile.ts';
import {
  failFromError,
  skip,
  type CheckContext,
  type CheckOutcome,
  type GroupPlanner,
  type PlannedCheck,
} from './check-kit.ts';
import { connectivityChecks } from './checks/connectivity.ts';
import { daliChecks } from './checks/dali.ts';
import { modbusProtocolChecks } from './checks/protocol-modbus.ts';
import { opcuaProtocolChecks } from './checks/protocol-opcua.ts';
import { asciiProtocolChecks, sdi12ProtocolChecks } from './checks/protocol-serial.ts';
import { readChecks } from './checks/read.ts';
import { robustnessChecks } from './checks/robustness.ts';
import { timingChecks } from './checks/timing.ts';
import { writeChecks } from './checks/write.ts';
import { DeviceSession } from './device-session.ts';
import { environment, phareVersion } from './environment.ts';
import type { CheckGroup, InteropCheck, InteropReport } from './report-model.ts';
import { reportBaseName, writeReports } from './reports/write-reports.ts';
import { buildTarget, type DaliBench, type OpcuaBench } from './target.ts';

export interface RunInteropOptions {
  profile: Profile;
  /** The profile file, shown in the report. */
  profileFile?: string;
  endpoint: string | Endpoint;
  /** Groups to run (connectivity always runs). */
  only?: CheckGroup | CheckGroup[];
  robustness?: boolean;
  careful?: boolean;
  /** Folder for the JSON, JUnit and HTML reports; none written when absent. */
  report?: string;
  logger?: Logger;
  /** Control API of a Phare simulator: enables fault injection (lamp failure, outage). */
  control?: string;
  /** DALI gateway bench: which luminaires (short addresses, groups) are behind it. */
  dali?: DaliBench;
  /** OPC-UA client PKI and trust. */
  opcua?: OpcuaBench;
  serialLock?: boolean;
  /** Minimum time between two requests. Default 20 ms. */
  minRequestIntervalMs?: number;
  /** Reads per poll group for the timing statistics. Default 10 (3 for SDI-12). */
  timingSamples?: number;
  /** Default deadline of one check. Default 60 s. */
  checkTimeoutMs?: number;
  /** Deadline of the whole run. Default 15 min. */
  globalTimeoutMs?: number;
  /** Clock for the report dates (tests). */
  now?: () => Date;
}

export const DEFAULT_MIN_REQUEST_INTERVAL_MS = 20;

function planners(profile: Profile, protocol: string, robustness: boolean): [CheckGroup, GroupPlanner][] {
  const protocolPlanner: GroupPlanner =
    protocol === 'modbus'
      ? modbusProtocolChecks
      : protocol === 'opcua'
        ? opcuaProtocolChecks
        : protocol === 'sdi12'
          ? sdi12ProtocolChecks
          : asciiProtocolChecks;
  const list: [CheckGroup, GroupPlanner][] = [
    ['connectivity', connectivityChecks],
    ['read', readChecks],
    ['write', writeChecks],
    ['protocol', protocolPlanner],
  ];
  if (profile.kind === 'dali-gateway') list.push(['dali', daliChecks]);
  list.push(['timing', timingChecks]);
  if (robustness) list.push(['robustness', robustnessChecks]);
  return list;
}

async function runOne(ctx: CheckContext, check: PlannedCheck, timeoutMs: number): Promise<CheckOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const overrun = new Promise<'overrun'>((resolve) => {
    timer = setTimeout(() => resolve('overrun'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([check.run(ctx), overrun]);
    if (outcome !== 'overrun') return outcome;
    // Whatever the check still waits for is abandoned with the link.
    await ctx.session.close();
    return failFromError(
      new Timeout(`check ${check.id} took more than ${timeoutMs} ms; Phare stopped waiting`),
      timeoutMs,
    );
  } catch (error) {
    return failFromError(error, ctx.target.timeoutMs);
  } finally {
    clearTimeout(timer);
  }
}

export async function runInterop(options: RunInteropOptions): Promise<InteropReport> {
  const logger = (options.logger ?? silentLogger).child('interop');
  const now = options.now ?? (() => new Date());
  const started = now();
  const startedMs = Date.now();
  const endpoint = typeof options.endpoint === 'string' ? parseEndpoint(options.endpoint) : options.endpoint;
  const { profile } = options;
  const minRequestIntervalMs = options.minRequestIntervalMs ?? DEFAULT_MIN_REQUEST_INTERVAL_MS;
  const timingSamples = options.timingSamples ?? 10;
  const checkTimeoutMs = options.checkTimeoutMs ?? 60_000;
  const globalDeadline = startedMs + (options.globalTimeoutMs ?? 15 * 60_000);
  const only = options.only === undefined ? undefined : [options.only].flat();

  const target = await buildTarget(profile, endpoint, {
    logger,
    ...(options.dali ? { dali: options.dali } : {}),
    ...(options.opcua ? { opcua: options.opcua } : {}),
    ...(options.serialLock === undefined ? {} : { serialLock: options.serialLock }),
  });
  const session = new DeviceSession(profile, endpoint, target, { minRequestIntervalMs, logger });
  const ctx: CheckContext = {
    profile,
    session,
    target,
    logger,
    ...(options.control ? { controlUrl: options.control } : {}),
    timingSamples,
    connected: false,
    identity: {},
    timing: [],
  };

  const checks: InteropCheck[] = [];
  let stoppedEarly = false;
  try {
    outer: for (const [group, plan] of planners(profile, target.protocol, options.robustness ?? false)) {
      if (only && group !== 'connectivity' && !only.includes(group)) continue;
      for (const check of await plan(ctx)) {
        const began = performance.now();
        const outcome =
          Date.now() > globalDeadline
            ? skip({
                fr: 'Non exécuté : le temps total de la campagne est écoulé.',
                en: 'Not run: the run’s overall time budget ran out.',
              })
            : await runOne(ctx, check, check.timeoutMs ?? checkTimeoutMs);
        const record: InteropCheck = {
          id: check.id,
          group: check.group,
          title: check.title,
          // A check that could not apply (skipped) never decides the verdict.
          mandatory: outcome.verdict === 'skip' ? false : check.mandatory,
          expected: check.expected,
          observed: outcome.observed,
          verdict: outcome.verdict,
          explanation: outcome.explanation,
          durationMs: Math.round(performance.now() - began),
          ...(outcome.error ? { error: outcome.error } : {}),
        };
        checks.push(record);
        logger.info(`${record.verdict} ${record.id}`, { observed: record.observed });
        if (options.careful && record.verdict === 'fail') {
          stoppedEarly = true;
          break outer;
        }
      }
    }
  } finally {
    await session.close();
  }

  const count = (verdict: InteropCheck['verdict']) => checks.filter((c) => c.verdict === verdict).length;
  const mandatoryFailed = checks.filter((c) => c.mandatory && c.verdict === 'fail').length;
  const connectedOk = checks.some((c) => c.id === 'connectivity.open' && c.verdict === 'pass');
  const finished = now();
  const report: InteropReport = {
    schema: 'phare/interop-report@1',
    id: reportBaseName(profile.id, started),
    profile: {
      id: profile.id,
      ...(options.profileFile ? { file: options.profileFile } : {}),
      kind: profile.kind,
      protocol: profile.protocol,
    },
    endpoint: endpoint.uri,
    device: {
      vendor: profile.vendor,
      model: profile.model,
      ...(Object.keys(ctx.identity).length > 0 ? { reported: ctx.identity } : {}),
    },
    phareVersion: phareVersion(),
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: Date.now() - startedMs,
    environment: environment(),
    options: {
      ...(only ? { only } : {}),
      robustness: options.robustness ?? false,
      careful: options.careful ?? false,
      minRequestIntervalMs,
      timingSamples,
      ...(options.control ? { control: options.control } : {}),
    },
    summary: {
      passed: connectedOk && mandatoryFailed === 0,
      total: checks.length,
      pass: count('pass'),
      fail: count('fail'),
      skip: count('skip'),
      mandatoryFailed,
      stoppedEarly,
    },
    checks,
    timing: ctx.timing,
  };
  if (options.report) await writeReports(report, options.report);
  return report;
}
