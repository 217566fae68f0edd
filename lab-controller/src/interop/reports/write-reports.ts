/**
 * Where reports go: `<dir>/<base>.json`, `.junit.xml` and `.html`, where `<base>` is the profile id
 * made file-safe plus the start time. A profile id is data a vendor wrote: it is reduced to
 * letters, digits, `-` and `_`, and every path is checked to stay inside `dir` (no traversal).
 * `listReports` reads them back, newest first, for the controller's report list.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { ConfigInvalid } from '@phare/device-drivers/errors.ts';
import type { InteropReport } from '../report-model.ts';
import { renderHtmlReport } from './html.ts';
import { renderJunitReport } from './junit.ts';

/** Where the controller keeps every report (`phare interop` writes a copy there). */
export function interopReportsDir(dataDir: string): string {
  return join(dataDir, 'interop-reports');
}

export const REPORT_EXTENSIONS = { json: '.json', junit: '.junit.xml', html: '.html' } as const;

/** `hms/intesis-dali-modbus` at 2026-03-01T10:20:30Z → `hms_intesis-dali-modbus-20260301T102030Z`. */
export function reportBaseName(profileId: string, at: Date): string {
  const safe =
    profileId
      .replace(/[^A-Za-z0-9-]+/g, '_')
      .replace(/^[_-]+|[_-]+$/g, '')
      .slice(0, 80) || 'profile';
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${safe}-${stamp}`;
}

/** `dir/name`, refusing anything that would land outside `dir`. */
export function pathInside(dir: string, name: string): string {
  const root = resolve(dir);
  const path = resolve(root, name);
  if (!path.startsWith(root + sep) || /[/\\]/.test(name))
    throw new ConfigInvalid(`report name "${name}" would leave the report folder ${root}`);
  return path;
}

export interface WrittenReports {
  json: string;
  junit: string;
  html: string;
}

export async function writeReports(report: InteropReport, dir: string): Promise<WrittenReports> {
  await mkdir(dir, { recursive: true });
  const base = reportBaseName(report.profile.id, new Date(report.startedAt));
  const files: WrittenReports = {
    json: pathInside(dir, base + REPORT_EXTENSIONS.json),
    junit: pathInside(dir, base + REPORT_EXTENSIONS.junit),
    html: pathInside(dir, base + REPORT_EXTENSIONS.html),
  };
  await writeFile(files.json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(files.junit, renderJunitReport(report));
  await writeFile(files.html, renderHtmlReport(report));
  return files;
}

export interface ReportListing {
  id: string;
  profile: string;
  endpoint: string;
  startedAt: string;
  passed: boolean;
  counts: { pass: number; fail: number; skip: number };
  /** File names inside the folder (no path), for links. */
  files: { json: string; junit?: string; html?: string };
}

/** Every report in `dir`, newest first; files that are not interop reports are ignored. */
export async function listReports(dir: string): Promise<ReportListing[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const present = new Set(names);
  const listings: ReportListing[] = [];
  for (const name of names.filter((n) => n.endsWith(REPORT_EXTENSIONS.json))) {
    let report: Partial<InteropReport>;
    try {
      report = JSON.parse(await readFile(join(dir, name), 'utf8')) as Partial<InteropReport>;
    } catch {
      continue;
    }
    if (report.schema !== 'phare/interop-report@1' || !report.summary || !report.profile) continue;
    const base = name.slice(0, -REPORT_EXTENSIONS.json.length);
    const junit = base + REPORT_EXTENSIONS.junit;
    const html = base + REPORT_EXTENSIONS.html;
    listings.push({
      id: report.id ?? base,
      profile: report.profile.id,
      endpoint: report.endpoint ?? '',
      startedAt: report.startedAt ?? '',
      passed: report.summary.passed,
      counts: { pass: report.summary.pass, fail: report.summary.fail, skip: report.summary.skip },
      files: { json: name, ...(present.has(junit) ? { junit } : {}), ...(present.has(html) ? { html } : {}) },
    });
  }
  return listings.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}
