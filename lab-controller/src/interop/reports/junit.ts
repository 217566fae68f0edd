/**
 * JUnit XML for a vendor's CI (the de-facto format Jenkins, GitLab and GitHub read): one
 * <testsuite> per check group, one <testcase> per check; a failure carries the explanation in
 * both languages, a skip its reason. Text is XML-escaped and stripped of characters XML 1.0 forbids.
 */
import { CHECK_GROUPS, type InteropCheck, type InteropReport } from '../report-model.ts';

export function xmlEscape(text: string): string {
  return (
    text
      // XML 1.0 §2.2: control characters other than tab, LF and CR are not allowed at all.
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

function testcase(check: InteropCheck): string {
  const name = `${check.id}: ${check.title.en}${check.mandatory ? '' : ' (optional)'}`;
  const open = `    <testcase classname="phare.interop.${check.group}" name="${xmlEscape(name)}" time="${seconds(check.durationMs)}"`;
  const body = `expected: ${check.expected}\nobserved: ${check.observed}\n\n${check.explanation.en}\n\n${check.explanation.fr}`;
  if (check.verdict === 'pass') return `${open}/>`;
  if (check.verdict === 'skip')
    return `${open}>\n      <skipped message="${xmlEscape(check.explanation.en)}"/>\n    </testcase>`;
  // Optional checks that fail are reported, but as skipped with the finding, so CI stays green.
  if (!check.mandatory)
    return `${open}>\n      <skipped message="${xmlEscape(`optional check failed: ${check.explanation.en}`)}"/>\n      <system-out>${xmlEscape(body)}</system-out>\n    </testcase>`;
  return `${open}>\n      <failure message="${xmlEscape(check.explanation.en)}" type="${xmlEscape(check.error?.code ?? 'CHECK_FAILED')}">${xmlEscape(body)}</failure>\n    </testcase>`;
}

export function renderJunitReport(report: InteropReport): string {
  const suites = CHECK_GROUPS.map((group) => report.checks.filter((c) => c.group === group)).filter(
    (checks) => checks.length > 0,
  );
  const failures = (checks: InteropCheck[]) =>
    checks.filter((c) => c.verdict === 'fail' && c.mandatory).length;
  const skipped = (checks: InteropCheck[]) =>
    checks.filter((c) => c.verdict === 'skip' || (c.verdict === 'fail' && !c.mandatory)).length;
  const time = (checks: InteropCheck[]) => seconds(checks.reduce((sum, c) => sum + c.durationMs, 0));
  const properties = [
    ['profile', report.profile.id],
    ['endpoint', report.endpoint],
    ['vendor', report.device.vendor],
    ['model', report.device.model],
    ['phare.version', report.phareVersion],
    ['node', report.environment.node],
    ['os', report.environment.os],
  ]
    .map(([k, v]) => `      <property name="${xmlEscape(k!)}" value="${xmlEscape(v!)}"/>`)
    .join('\n');
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlEscape(`Phare interop ${report.profile.id}`)}" tests="${report.checks.length}" failures="${failures(report.checks)}" skipped="${skipped(report.checks)}" time="${seconds(report.durationMs)}" timestamp="${report.startedAt}">`,
    ...suites.map((checks) =>
      [
        `  <testsuite name="${checks[0]!.group}" tests="${checks.length}" failures="${failures(checks)}" errors="0" skipped="${skipped(checks)}" time="${time(checks)}" timestamp="${report.startedAt}">`,
        '    <properties>',
        properties,
        '    </properties>',
        ...checks.map(testcase),
        '  </testsuite>',
      ].join('\n'),
    ),
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
}
