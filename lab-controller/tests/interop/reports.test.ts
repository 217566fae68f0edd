/**
 * The three reports of a run (JSON, JUnit XML, HTML), written to a folder and read back: the JSON
 * is the report itself, the JUnit file parses with a third-party XML parser (Python's ElementTree)
 * into one testsuite per group with the explanations in its failures, the HTML holds every check and
 * loads nothing from outside. File names stay inside the folder whatever the profile id says.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  listReports,
  reportBaseName,
  runInterop,
  writeReports,
  type InteropReport,
} from '../../src/interop/index.ts';
import { pathInside } from '../../src/interop/reports/write-reports.ts';
import { acmeProfileFile, profile, startAcmeDevice } from './bench.ts';

let dir: string;
let report: InteropReport;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'phare-interop-reports-'));
  // A register missing: the report has passes, a failure and skips.
  const device = await startAcmeDevice({ missing: [5] });
  try {
    report = await runInterop({
      profile: profile(acmeProfileFile),
      profileFile: acmeProfileFile,
      endpoint: `modbus-tcp://127.0.0.1:${device.port}?unit=1`,
      timingSamples: 3,
      report: dir,
    });
  } finally {
    await device.stop();
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Python's ElementTree (Debian python3): suites with their counts and the failure texts. */
function parseJunit(
  file: string,
): { name: string; tests: number; failures: number; failureTexts: string[] }[] {
  const script = [
    'import json, sys, xml.etree.ElementTree as ET',
    'root = ET.parse(sys.argv[1]).getroot()',
    'print(json.dumps([{"name": s.get("name"), "tests": int(s.get("tests")), "failures": int(s.get("failures")),',
    '  "failureTexts": [f.text for f in s.iter("failure")]} for s in root.iter("testsuite")]))',
  ].join('\n');
  const run = spawnSync('/usr/bin/python3', ['-c', script, file], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as ReturnType<typeof parseJunit>;
}

describe('interop reports', () => {
  it('writes the JSON report, which reads back as the report returned', async () => {
    const [listed] = await listReports(dir);
    expect(listed).toMatchObject({ id: report.id, profile: 'acme/heat-meter', passed: false });
    expect(listed!.files).toEqual({
      json: `${report.id}.json`,
      junit: `${report.id}.junit.xml`,
      html: `${report.id}.html`,
    });
    expect(JSON.parse(readFileSync(join(dir, listed!.files.json), 'utf8'))).toEqual(report);
    expect(report.environment.node).toBe(process.version);
    expect(report.phareVersion).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('writes well-formed JUnit XML with one testsuite per group and the explanation in each failure', () => {
    const suites = parseJunit(join(dir, `${report.id}.junit.xml`));
    const groups = [...new Set(report.checks.map((c) => c.group))];
    expect(suites.map((s) => s.name)).toEqual(groups);
    const read = suites.find((s) => s.name === 'read')!;
    expect(read.tests).toBe(report.checks.filter((c) => c.group === 'read').length);
    expect(read.failures).toBe(1);
    expect(read.failureTexts[0]).toMatch(/exception 02 \(ILLEGAL DATA ADDRESS\)/);
    expect(read.failureTexts[0]).toMatch(/n'a pas de registre/);
  });

  it('writes a self-contained HTML report with every check, both languages and a timing chart', () => {
    const html = readFileSync(join(dir, `${report.id}.html`), 'utf8');
    for (const c of report.checks) expect(html).toContain(`id="${c.id}"`);
    expect(html).toContain('<span lang="fr">échec</span><span lang="en">fail</span>');
    expect(html).toMatch(/<svg [^>]*role="img"/);
    expect(html).toContain('@media print');
    // Nothing fetched from elsewhere: no external script, stylesheet, image or font.
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
  });

  it('keeps report files inside the folder whatever the profile id', async () => {
    expect(reportBaseName('../../etc/passwd', new Date('2026-03-01T10:20:30.123Z'))).toBe(
      'etc_passwd-20260301T102030Z',
    );
    expect(() => pathInside(dir, '../escape.json')).toThrow(/would leave the report folder/);
    const hostile = { ...report, profile: { ...report.profile, id: '../../../tmp/evil' } };
    const files = await writeReports(hostile, dir);
    for (const file of Object.values(files)) expect(file.startsWith(`${dir}/tmp_evil-`)).toBe(true);
  });
});
