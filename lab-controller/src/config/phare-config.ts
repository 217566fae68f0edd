/**
 * Finds, reads and validates `phare.config.yaml` (schema in phare-config-schema.ts), and merges it
 * with the command line: a flag beats the file, the file beats the defaults (issue 9 §6).
 *
 * Which file: `--config FILE`, else `PHARE_CONFIG`, else `./phare.config.yaml` when it exists, else
 * none (every default). A file named explicitly must exist; problems name file:line:column like
 * every other data file (yaml-source.ts, issues.ts).
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { issuesToProblems } from './issues.ts';
import { valueOrThrow, type Result } from './problem.ts';
import { readYaml, type YamlSource } from './yaml-source.ts';
import { phareConfigSchema, type PhareConfigFile } from './phare-config-schema.ts';
import type { RetentionPolicy } from '../storage/retention.ts';

export const CONFIG_FILE_NAME = 'phare.config.yaml';
export const CONFIG_ENV = 'PHARE_CONFIG';

const DAY_MS = 86_400_000;

export interface PhareConfig extends PhareConfigFile {
  /** The file the settings came from; undefined when none was found (all defaults). */
  file: string | undefined;
}

export interface ConfigLookup {
  /** `--config FILE`. */
  explicit?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** The config file to read, and whether the user named it (then it must exist). */
export function findConfigFile(lookup: ConfigLookup = {}): { path: string; named: boolean } | undefined {
  const cwd = lookup.cwd ?? process.cwd();
  const named = lookup.explicit ?? (lookup.env ?? process.env)[CONFIG_ENV];
  if (named) return { path: resolve(cwd, named), named: true };
  const local = join(cwd, CONFIG_FILE_NAME);
  return existsSync(local) ? { path: local, named: false } : undefined;
}

/** Validates an already-read config document (`phare validate` uses this too). */
export function parsePhareConfig(source: YamlSource, path: string): Result<PhareConfig> {
  const parsed = phareConfigSchema.safeParse(source.value, { reportInput: true });
  if (!parsed.success)
    return { ok: false, problems: issuesToProblems(parsed.error.issues, source, phareConfigSchema) };
  const base = dirname(path);
  const relative = (p: string | undefined): string | undefined =>
    p === undefined ? undefined : isAbsolute(p) ? p : resolve(base, p);
  const config = parsed.data;
  const dataDir = relative(config.dataDir);
  const pkiDir = relative(config.opcua.pkiDir);
  return {
    ok: true,
    value: {
      ...config,
      ...(dataDir ? { dataDir } : {}),
      opcua: { ...config.opcua, ...(pkiDir ? { pkiDir } : {}) },
      file: path,
    },
  };
}

/** The settings when no file is given: every default of the schema. */
export function defaultPhareConfig(): PhareConfig {
  const parsed = phareConfigSchema.parse({ schema: 'phare/config@1' });
  return { ...parsed, file: undefined };
}

export function loadPhareConfig(lookup: ConfigLookup = {}): Result<PhareConfig> {
  const found = findConfigFile(lookup);
  if (!found) return { ok: true, value: defaultPhareConfig() };
  const read = readYaml(found.path);
  return read.ok ? parsePhareConfig(read.value, found.path) : read;
}

/** For the daemons: throws ConfigInvalid listing every problem of the file. */
export function loadPhareConfigOrThrow(lookup: ConfigLookup = {}): PhareConfig {
  return valueOrThrow(loadPhareConfig(lookup));
}

/** What the command line says; each flag, when given, beats the file. */
export interface DaemonFlags {
  port?: number;
  host?: string;
  dataDir?: string;
}

/** The settings a daemon starts the controller with, flags over file over defaults. */
export interface DaemonSettings {
  /** Undefined: the caller's default (PORT or 8080). */
  port: number | undefined;
  host: string;
  /** Undefined: PHARE_DATA_DIR or ./data (storage/database.ts resolveDataDir). */
  dataDir: string | undefined;
  recorderFlushMs: number;
  retention: RetentionPolicy;
  sessionTtlMs: number;
  /** Undefined: <dataDir>/pki/opcua. */
  opcuaPkiDir: string | undefined;
  opcuaTrust: 'site' | 'explicit';
  minPasswordLength: number;
  loginAttempts: { maxFailures: number; windowMs: number };
}

export function daemonSettings(config: PhareConfig, flags: DaemonFlags = {}): DaemonSettings {
  const { retention } = config.recorder;
  return {
    port: flags.port ?? config.server.port,
    host: flags.host ?? config.server.host ?? '127.0.0.1',
    dataDir: flags.dataDir ?? config.dataDir,
    recorderFlushMs: config.recorder.flushIntervalMs,
    retention: {
      rawMs: retention.rawDays * DAY_MS,
      averagedMs: retention.averagedDays * DAY_MS,
      intervalMs: retention.runEveryMinutes * 60_000,
    },
    sessionTtlMs: config.accounts.sessionHours * 3_600_000,
    opcuaPkiDir: config.opcua.pkiDir,
    opcuaTrust: config.opcua.trust,
    minPasswordLength: config.accounts.minPasswordLength,
    loginAttempts: {
      maxFailures: config.accounts.loginAttempts.max,
      windowMs: config.accounts.loginAttempts.windowMinutes * 60_000,
    },
  };
}
