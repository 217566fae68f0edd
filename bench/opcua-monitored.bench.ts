/**
 * OPC-UA monitored items (issue 3, item 7): 500 Double variables changing every 100 ms on a
 * node-opcua server in its own process (opcua-load-server.ts), sampled at 100 ms.
 *
 * (a) A bare node-opcua client: one subscription, one ClientMonitoredItemGroup of 500 items,
 *     counting `changed` notifications per second. Measured twice: with a publishing interval equal
 *     to the sampling interval (100 ms: what the server can deliver), and with the subscription
 *     parameters the controller's link uses (publishing 250 ms, queue of 3: link.ts), so the
 *     second ratio isolates the controller's own cost from its subscription settings.
 * (b) The controller path: a site with one `opcua-controller` device whose generated profile names
 *     the 500 nodes (samplingIntervalMs 100), through the Registry (device-builder, OPC-UA driver,
 *     coordinator subscriptions, point store), counting point changes on the EventBus.
 *
 * Each window lasts WINDOW_S seconds after a warm-up; the benchmark's CPU share over each window
 * (process.cpuUsage over wall time, % of one core) is the client's or the controller's alone.
 * Target (issue 3): (b)/(a) ≥ 0.9.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { silentLogger } from '@phare/device-drivers/contract.ts';
import { EventBus } from '@phare/lab-controller/bus/event-bus.ts';
import { loadSiteOrThrow } from '@phare/lab-controller/controller/site-loading.ts';
import { Registry } from '@phare/lab-controller/registry/registry.ts';
import type { Benchmark, BenchResult } from './harness.ts';
import { machineLoad } from './harness.ts';
import { sleep } from './fixtures.ts';

const ITEMS = 500;
const CHANGE_MS = 100;
const SAMPLING_MS = 100;
const WARM_UP_MS = 2000;
const WINDOW_S = 10;
/** link.ts createSubscription / createItem: what the controller asks the server for. */
const LINK_PUBLISHING_MS = 250;

/** The monitored-item queue that holds every sample between two publishes (link.ts does the same). */
function queueSizeFor(publishingMs: number): number {
  return Math.max(1, Math.ceil(publishingMs / SAMPLING_MS));
}

const serverScript = fileURLToPath(new URL('./opcua-load-server.ts', import.meta.url));
const nodeIdOf = (i: number): string => `ns=1;s=Load.V${String(i).padStart(3, '0')}`;

interface Window {
  updatesPerS: number;
  cpuPercent: number;
}

/** Counts what `count()` reports over WINDOW_S seconds, with this process's CPU share. */
async function measureWindow(count: () => number): Promise<Window> {
  const before = count();
  const cpu = process.cpuUsage();
  const started = performance.now();
  await sleep(WINDOW_S * 1000);
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return {
    updatesPerS: ((count() - before) * 1000) / wallMs,
    cpuPercent: ((used.user + used.system) / 1000 / wallMs) * 100,
  };
}

async function startLoadServer(pkiDir: string): Promise<{ endpointUrl: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', serverScript, pkiDir, String(ITEMS), String(CHANGE_MS)],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    if (stderr.length < 4000) stderr += chunk.toString();
  });
  const endpointUrl = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(
      () => reject(new Error(`the OPC-UA load server did not start within 60 s: ${stderr}`)),
      60_000,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split('\n').find((l) => l.startsWith('{"endpointUrl"'));
      if (!line) return;
      clearTimeout(timer);
      resolve((JSON.parse(line) as { endpointUrl: string }).endpointUrl);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the OPC-UA load server exited (${code}): ${stderr}`));
    });
  });
  return { endpointUrl, child };
}

async function stopLoadServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdin!.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** (a) A bare node-opcua client: one subscription, one group of ITEMS monitored items. */
async function bareClient(endpointUrl: string, pkiDir: string, publishingMs: number): Promise<Window> {
  const opcua = await import('node-opcua');
  const { createClientCertificateManager } = await import('@phare/device-drivers/opcua/pki.ts');
  const client = opcua.OPCUAClient.create({
    applicationName: 'Phare bench bare client',
    securityMode: opcua.MessageSecurityMode.None,
    securityPolicy: opcua.SecurityPolicy.None,
    endpointMustExist: false,
    clientCertificateManager: createClientCertificateManager(pkiDir, true),
    connectionStrategy: { maxRetry: 0 },
  });
  await client.connect(endpointUrl);
  const session = await client.createSession();
  try {
    const subscription = await session.createSubscription2({
      requestedPublishingInterval: publishingMs,
      requestedLifetimeCount: 1000,
      requestedMaxKeepAliveCount: 20,
      maxNotificationsPerPublish: 1000,
      publishingEnabled: true,
      priority: 10,
    });
    const group = await opcua.ClientMonitoredItemGroup.create(
      subscription,
      Array.from({ length: ITEMS }, (_, i) => ({
        nodeId: nodeIdOf(i),
        attributeId: opcua.AttributeIds.Value,
      })),
      // As the link does (link.ts): room for every sample between two publishes.
      { samplingInterval: SAMPLING_MS, queueSize: queueSizeFor(publishingMs), discardOldest: true },
      opcua.TimestampsToReturn.Both,
    );
    let updates = 0;
    group.on('changed', () => updates++);
    await sleep(WARM_UP_MS);
    const window = await measureWindow(() => updates);
    await subscription.terminate();
    return window;
  } finally {
    await session.close(true).catch(() => undefined);
    await client.disconnect().catch(() => undefined);
  }
}

/** The site and profile files for one OPC-UA device with ITEMS points (benchmark data, temp folder). */
function writeSite(dir: string, endpointUrl: string): { sitePath: string; profilesDir: string } {
  const profilesDir = join(dir, 'profiles');
  mkdirSync(join(profilesDir, 'bench'), { recursive: true });
  const profile = {
    schema: 'phare/profile@1',
    id: 'bench/opcua-load',
    vendor: 'Phare',
    model: 'Benchmark load server',
    kind: 'opcua-controller',
    protocol: 'opcua',
    sources: { bench: { title: 'bench/opcua-load-server.ts (benchmark data)' } },
    connection: {
      endpoint: endpointUrl,
      securityMode: 'None',
      timeoutMs: 5000,
      samplingIntervalMs: SAMPLING_MS,
    },
    points: Array.from({ length: ITEMS }, (_, i) => ({
      id: `v${String(i).padStart(3, '0')}`,
      label: { fr: `Variable ${i}`, en: `Variable ${i}` },
      nodeId: nodeIdOf(i),
      dataType: 'Double',
      access: 'read',
      unit: '1',
      source: `bench, variable V${String(i).padStart(3, '0')}`,
    })),
  };
  const site = {
    schema: 'phare/site@1',
    id: 'bench-opcua',
    name: { fr: 'Banc OPC-UA', en: 'OPC-UA bench' },
    plan: { width: 10, height: 10, anchor: { lat: 45.75, lon: 4.83, bearing: 0 } },
    devices: [
      {
        id: 'load',
        name: { fr: 'Serveur de charge', en: 'Load server' },
        profile: 'bench/opcua-load',
        endpoint: endpointUrl,
        position: { x: 1, y: 1 },
        workstreams: ['building'],
        opcua: { trust: 'demo' },
      },
    ],
  };
  writeFileSync(join(profilesDir, 'bench', 'opcua-load.yaml'), stringify(profile));
  const sitePath = join(dir, 'site.yaml');
  writeFileSync(sitePath, stringify(site));
  return { sitePath, profilesDir };
}

/** (b) The controller path: Registry → coordinator → OPC-UA driver → bus. */
async function controllerPath(endpointUrl: string, dir: string): Promise<Window & { subscribeMs: number }> {
  const { sitePath, profilesDir } = writeSite(dir, endpointUrl);
  const loaded = loadSiteOrThrow(sitePath, profilesDir);
  const bus = new EventBus(silentLogger);
  const registry = new Registry(loaded, { bus, logger: silentLogger, dataDir: join(dir, 'data') });
  const heard = new Set<string>();
  let updates = 0;
  bus.on(
    'points',
    (changes) => {
      for (const change of changes) {
        if (change.quality !== 'good') continue;
        updates++;
        heard.add(change.id);
      }
    },
    'bench',
  );
  const started = performance.now();
  registry.start();
  try {
    const deadline = started + 90_000;
    while (heard.size < ITEMS) {
      if (performance.now() > deadline)
        throw new Error(`only ${heard.size} of ${ITEMS} points reported within 90 s`);
      await sleep(100);
    }
    const subscribeMs = performance.now() - started;
    await sleep(WARM_UP_MS);
    return { ...(await measureWindow(() => updates)), subscribeMs };
  } finally {
    await registry.stop();
    bus.removeAllOf('bench');
  }
}

export const opcuaMonitored: Benchmark = {
  name: 'opcua-monitored-items',
  async run(): Promise<BenchResult[]> {
    const dir = mkdtempSync(join(tmpdir(), 'phare-bench-opcua-'));
    const { routeOpcuaLibraryLogs } = await import('@phare/device-drivers/opcua/library-logs.ts');
    routeOpcuaLibraryLogs(silentLogger);
    const { endpointUrl, child } = await startLoadServer(join(dir, 'server-pki'));
    try {
      const clientPki = join(dir, 'client-pki');
      const bare = await bareClient(endpointUrl, clientPki, SAMPLING_MS);
      const bareMatched = await bareClient(endpointUrl, clientPki, LINK_PUBLISHING_MS);
      const controller = await controllerPath(endpointUrl, dir);
      const ideal = (ITEMS * 1000) / CHANGE_MS;
      const ratio = controller.updatesPerS / bare.updatesPerS;
      const matchedRatio = controller.updatesPerS / bareMatched.updatesPerS;
      const common = {
        'controller CPU (% of one core)': controller.cpuPercent,
        'bare client CPU, publishing 100 ms (% of one core)': bare.cpuPercent,
        'bare client CPU, publishing 250 ms (% of one core)': bareMatched.cpuPercent,
        'controller: start → all 500 points heard': `${(controller.subscribeMs / 1000).toFixed(1)} s`,
        'changes made by the server': `${ideal} /s (${ITEMS} × every ${CHANGE_MS} ms)`,
        window: `${WINDOW_S} s each, after ${WARM_UP_MS / 1000} s warm-up`,
        'machine load (1 min) / cores': machineLoad(),
      };
      return [
        {
          name: 'opcua-monitored-items',
          description: `${ITEMS} monitored items sampled at ${SAMPLING_MS} ms: point updates on the controller's bus (Registry → coordinator → OPC-UA driver), over a bare node-opcua client publishing every ${SAMPLING_MS} ms`,
          value: controller.updatesPerS,
          unit: 'updates/s',
          reference: {
            label: `bare node-opcua client, sampling ${SAMPLING_MS} ms, publishing ${SAMPLING_MS} ms, queueSize ${queueSizeFor(SAMPLING_MS)}`,
            value: bare.updatesPerS,
            unit: 'updates/s',
          },
          ratio,
          target: 'ratio ≥ 0.9',
          met: ratio >= 0.9,
          details: {
            ...common,
          },
        },
        {
          name: 'opcua-monitored-items-same-settings',
          description: `The same controller figure over a bare client with the link's own subscription settings (publishing ${LINK_PUBLISHING_MS} ms, queueSize ${queueSizeFor(LINK_PUBLISHING_MS)}): the controller's cost alone`,
          value: controller.updatesPerS,
          unit: 'updates/s',
          reference: {
            label: `bare node-opcua client, sampling ${SAMPLING_MS} ms, publishing ${LINK_PUBLISHING_MS} ms, queueSize ${queueSizeFor(LINK_PUBLISHING_MS)}`,
            value: bareMatched.updatesPerS,
            unit: 'updates/s',
          },
          ratio: matchedRatio,
          target: 'ratio ≥ 0.9',
          met: matchedRatio >= 0.9,
          details: { 'controller CPU (% of one core)': controller.cpuPercent },
        },
      ];
    } finally {
      await stopLoadServer(child);
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
