/**
 * Loads a site and the profiles its devices name, and cross-checks them. Every problem of the site
 * file and of the profiles it uses is collected (each problem names its own file).
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { issuesToProblems, sortProblems } from './issues.ts';
import { loadProfile } from './load-profile.ts';
import { defaultProfilesDir } from './paths.ts';
import type { Problem, Result } from './problem.ts';
import type { Profile } from './schema/profile.ts';
import { siteSchema, type Site } from './schema/site.ts';
import { checkSiteAgainstProfiles, unknownProfileIssue, type SiteIssue } from './site-profile-checks.ts';
import { readYaml, valuePosition, type YamlSource } from './yaml-source.ts';
import { expressionPosition } from '../scenario/expression/position.ts';

export interface LoadedSite {
  site: Site;
  /** The profiles the site uses, by profile id. */
  profiles: Map<string, Profile>;
  /** Absolute path of the site file. */
  siteFile: string;
}

export interface LoadSiteOptions {
  /** Where `<vendor>/<model>.yaml` profiles live. Default: <repo>/hardware/profiles. */
  profilesDir?: string;
}

/** Every profile id available: `vendor/model` for each `vendor/model.yaml` in the directory. */
export function listProfileIds(profilesDir: string): string[] {
  try {
    return readdirSync(profilesDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((vendor) =>
        readdirSync(join(profilesDir, vendor.name))
          .filter((name) => name.endsWith('.yaml'))
          .map((name) => `${vendor.name}/${name.slice(0, -'.yaml'.length)}`),
      )
      .sort();
  } catch {
    return [];
  }
}

function toProblem(source: YamlSource, issue: SiteIssue): Problem {
  const position =
    issue.expressionIndex === undefined
      ? valuePosition(source, issue.path)
      : expressionPosition(source, issue.path, issue.expressionIndex);
  const also = issue.alsoAt ? valuePosition(source, issue.alsoAt) : undefined;
  return {
    file: source.file,
    ...position,
    message: `${issue.message}${also ? ` (see line ${also.line}, column ${also.column})` : ''}`,
    ...(issue.hint ? { hint: issue.hint } : {}),
    path: issue.path,
  };
}

/** The profile names of the raw document, checkable even when the rest of the site is invalid. */
function profileReferences(value: unknown): { name: string; index: number }[] {
  const devices = (value as { devices?: unknown } | null)?.devices;
  if (!Array.isArray(devices)) return [];
  return devices.flatMap((device: unknown, index) => {
    const name = (device as { profile?: unknown } | null)?.profile;
    return typeof name === 'string' ? [{ name, index }] : [];
  });
}

export function loadSite(path: string, options: LoadSiteOptions = {}): Result<LoadedSite> {
  const profilesDir = resolve(options.profilesDir ?? defaultProfilesDir);
  const read = readYaml(path);
  if (!read.ok) return read;
  const source = read.value;
  const problems: Problem[] = [];

  const known = listProfileIds(profilesDir);
  const profiles = new Map<string, Profile>();
  const failedProfiles = new Set<string>();
  for (const { name, index } of profileReferences(source.value)) {
    if (!known.includes(name)) {
      problems.push(toProblem(source, unknownProfileIssue(name, ['devices', index, 'profile'], known)));
      continue;
    }
    if (profiles.has(name) || failedProfiles.has(name)) continue;
    const profile = loadProfile(join(profilesDir, `${name}.yaml`));
    if (profile.ok) profiles.set(name, profile.value);
    else {
      failedProfiles.add(name);
      problems.push(...profile.problems);
    }
  }

  const parsed = siteSchema.safeParse(source.value, { reportInput: true });
  if (!parsed.success) problems.push(...issuesToProblems(parsed.error.issues, source, siteSchema));
  if (!parsed.success || problems.length > 0) return { ok: false, problems: sortProblems(problems) };

  const checked = checkSiteAgainstProfiles(parsed.data, profiles);
  if (checked.issues.length > 0)
    return { ok: false, problems: sortProblems(checked.issues.map((issue) => toProblem(source, issue))) };
  return { ok: true, value: { site: checked.site, profiles, siteFile: resolve(path) } };
}
