/**
 * The lab an apprentice works on, for tests: the demo site's simulators on ephemeral ports, a site
 * file pointing at them, a data folder, and a work folder that looks like the repository root (so
 * the lessons' relative paths work). Shell snippets (lessons, solutions) run in bash with the
 * variables the curriculum README defines; `npx phare` runs bin/phare.mjs.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '@phare/device-drivers/contract.ts';
import { repoRoot } from '../../../src/config/paths.ts';
import { DEMO_SITE } from '../../../src/controller/demo.ts';
import { loadSiteOrThrow } from '../../../src/controller/site-loading.ts';
import { startSimulators, type RunningSimulators } from '../../../src/controller/simulators.ts';
import type { LoadedSiteInput } from '../../../src/registry/site-input.ts';
import { openDatabase } from '../../../src/storage/database.ts';
import { RUNS_MIGRATION } from '../../../src/storage/run-store.ts';
import { removeDir, tempDir } from '../../support/harness.ts';

const CLI = fileURLToPath(new URL('../../../bin/phare.mjs', import.meta.url));

export interface TestLab {
  dir: string;
  siteFile: string;
  site: LoadedSiteInput;
  dataDir: string;
  workDir: string;
  sims: RunningSimulators;
  /** The lesson variables, for one apprentice. */
  env(apprentice: string): Record<string, string>;
  stop(): Promise<void>;
}

export async function startTestLab(): Promise<TestLab> {
  const dir = tempDir('phare-learn-');
  const sims = await startSimulators(loadSiteOrThrow(DEMO_SITE), {
    ephemeralPorts: true,
    logger: silentLogger,
    dataDir: join(dir, 'sim-data'),
  });
  try {
    const siteFile = join(dir, 'site.yaml');
    writeFileSync(siteFile, siteText(sims));
    const dataDir = join(dir, 'data');
    prepareDataDir(dataDir);
    const workDir = join(dir, 'work');
    mkdirSync(workDir);
    for (const name of ['hardware', 'curriculum', 'scenarios', 'node_modules', 'package.json'])
      symlinkSync(join(repoRoot, name), join(workDir, name));
    const portOf = (device: string): string =>
      String(sims.endpoints.find((e) => e.device === device)?.port ?? '');
    return {
      dir,
      siteFile,
      site: loadSiteOrThrow(siteFile),
      dataDir,
      workDir,
      sims,
      env: (apprentice) => ({
        PHARE_SITE: siteFile,
        PHARE_GATEWAY_PORT: portOf('street'),
        PHARE_PARK_PORT: portOf('park'),
        PHARE_DATA_DIR: dataDir,
        PHARE_APPRENTI: apprentice,
        PHARE_LOG: 'warn',
      }),
      stop: async () => {
        await sims.stop();
        removeDir(dir);
      },
    };
  } catch (error) {
    await sims.stop();
    removeDir(dir);
    throw error;
  }
}

/** demo.yaml with each simulated device's endpoint and control port as started. */
function siteText(sims: RunningSimulators): string {
  const original = loadSiteOrThrow(DEMO_SITE);
  let text = readFileSync(DEMO_SITE, 'utf8');
  for (const started of sims.endpoints) {
    const device = original.site.devices.find((d) => d.id === started.device)!;
    text = text.replace(device.endpoint.uri, started.endpoint);
    if (device.simulator?.control !== undefined && started.controlUrl)
      text = text.replace(
        `control: ${device.simulator.control}`,
        `control: ${new URL(started.controlUrl).port}`,
      );
  }
  // Profiles are found from the repository, not from the temporary folder.
  return text.replace('# yaml-language-server', '# (test copy) yaml-language-server');
}

/** The data folder, with the runs table the controller will have once its migration is appended. */
function prepareDataDir(dataDir: string): void {
  const db = openDatabase(dataDir);
  try {
    const hasRunTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'run'").get();
    if (!hasRunTable) db.exec(RUNS_MIGRATION);
  } finally {
    db.close();
  }
}

export interface ShellRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a snippet in bash (-e, pipefail) in the lab's work folder; `npx phare` is bin/phare.mjs. */
export function runShell(script: string, env: Record<string, string>, cwd: string): Promise<ShellRun> {
  const body = script.replace(/\bnpx phare\b/g, `node ${JSON.stringify(CLI)}`);
  return new Promise((resolve) => {
    const child = spawn('/bin/bash', ['-e', '-o', 'pipefail', '-c', body], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
