/**
 * The report a vendor sends to a buyer: one self-contained HTML file (inline CSS, inline SVG, a few
 * lines of inline script for the language switch, no external asset), in French by default with an
 * English toggle; without script both languages stay readable. Print CSS hides the switch, keeps a
 * check's row on one page, and prints in black on white, so "Print → PDF" in a browser gives the PDF.
 */
import { CHECK_GROUPS, type Bilingual, type InteropCheck, type InteropReport } from '../report-model.ts';
import { htmlEscape as e } from './html-escape.ts';
import { latencyChartSvg } from './svg-chart.ts';

const both = (text: Bilingual): string =>
  `<span lang="fr">${e(text.fr)}</span><span lang="en">${e(text.en)}</span>`;

const VERDICT: Record<InteropCheck['verdict'], Bilingual> = {
  pass: { fr: 'réussi', en: 'pass' },
  fail: { fr: 'échec', en: 'fail' },
  skip: { fr: 'non exécuté', en: 'skipped' },
};

const GROUP_TITLES: Record<string, Bilingual> = {
  connectivity: { fr: 'Connexion', en: 'Connectivity' },
  read: { fr: 'Lecture', en: 'Read' },
  write: { fr: 'Écriture', en: 'Write' },
  protocol: { fr: 'Protocole', en: 'Protocol' },
  timing: { fr: 'Temps de réponse', en: 'Timing' },
  robustness: { fr: 'Robustesse', en: 'Robustness' },
  dali: { fr: 'DALI', en: 'DALI' },
};

const STYLE = `
:root{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;line-height:1.4}
body{margin:2rem auto;max-width:1100px;padding:0 1rem}
h1{font-size:1.5rem;margin:0 0 .5rem}h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:1px solid #ccc}
.lang-switch{float:right}.lang-switch button{font:inherit;padding:.2rem .6rem;margin-left:.3rem;cursor:pointer}
html[data-lang=fr] [lang=en],html[data-lang=en] [lang=fr]{display:none}
html:not([data-lang]) [lang=en]::before{content:" / "}
.verdict{font-size:1.3rem;font-weight:700;padding:.5rem 1rem;display:inline-block;border-radius:4px}
.verdict.ok{background:#e3f4e3;color:#145214}.verdict.ko{background:#fbe3e3;color:#7a1010}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dl.facts dt{font-weight:600}dl.facts dd{margin:0;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top;text-align:left}
th{background:#f2f2f2}tr.pass td.v{color:#145214}tr.fail td.v{color:#7a1010;font-weight:700}tr.skip td.v{color:#666}
td.id{font-family:ui-monospace,monospace;font-size:.8rem;word-break:break-all}
.counts span{margin-right:1rem}
svg .frame{fill:none;stroke:#999}svg .bar{fill:#4a7fb5}svg .bar.over{fill:#c0392b}
svg .p50{stroke:#2e7d32;stroke-dasharray:4 3}svg .p95{stroke:#ef6c00;stroke-dasharray:4 3}svg .timeout{stroke:#c0392b;stroke-width:2}
svg text{font-size:11px;fill:#333}
@media print{.lang-switch{display:none}body{margin:0;max-width:none}tr{break-inside:avoid}h2{break-after:avoid}
.verdict.ok,.verdict.ko,th{background:none;border:2px solid #000;color:#000}}
`;

const SCRIPT = `
for (const b of document.querySelectorAll('[data-set-lang]'))
  b.addEventListener('click', () => { document.documentElement.dataset.lang = b.dataset.setLang; document.documentElement.lang = b.dataset.setLang; });
document.documentElement.dataset.lang = 'fr';
`;

function checkRow(check: InteropCheck): string {
  return `<tr class="${check.verdict}" id="${e(check.id)}"><td class="id">${e(check.id)}</td><td>${both(check.title)}${check.mandatory ? '' : ' <small>(<span lang="fr">facultatif</span><span lang="en">optional</span>)</small>'}</td><td>${e(check.expected)}</td><td>${e(check.observed)}</td><td class="v">${both(VERDICT[check.verdict])}</td><td>${both(check.explanation)}</td><td>${check.durationMs} ms</td></tr>`;
}

export function renderHtmlReport(report: InteropReport): string {
  const { summary } = report;
  const identity = report.device.reported
    ? Object.entries(report.device.reported)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ')
    : '—';
  const groups = CHECK_GROUPS.map((group) => ({
    group,
    checks: report.checks.filter((c) => c.group === group),
  }))
    .filter((g) => g.checks.length > 0)
    .map(
      ({ group, checks }) => `<h2>${both(GROUP_TITLES[group] ?? { fr: group, en: group })}</h2>
<table><thead><tr><th>Id</th><th><span lang="fr">Vérification</span><span lang="en">Check</span></th><th><span lang="fr">Attendu</span><span lang="en">Expected</span></th><th><span lang="fr">Observé</span><span lang="en">Observed</span></th><th><span lang="fr">Verdict</span><span lang="en">Verdict</span></th><th><span lang="fr">Explication</span><span lang="en">Explanation</span></th><th><span lang="fr">Durée</span><span lang="en">Duration</span></th></tr></thead>
<tbody>${checks.map(checkRow).join('\n')}</tbody></table>`,
    )
    .join('\n');
  const charts = report.timing
    .map(
      (series) =>
        `<figure><figcaption><span lang="fr">Groupe de scrutation</span><span lang="en">Poll group</span> ${e(series.group)}: p50 ${series.p50Ms === null ? '—' : Math.round(series.p50Ms)} ms, p95 ${series.p95Ms === null ? '—' : Math.round(series.p95Ms)} ms, timeout ${series.timeoutMs} ms${series.pollIntervalMs ? `, poll ${series.pollIntervalMs} ms` : ''}</figcaption>${latencyChartSvg(series)}</figure>`,
    )
    .join('\n');
  const verdict: Bilingual = summary.passed
    ? {
        fr: 'CONFORME : toutes les vérifications obligatoires sont réussies',
        en: 'PASS: every mandatory check passed',
      }
    : {
        fr: `NON CONFORME : ${summary.mandatoryFailed} vérification(s) obligatoire(s) en échec`,
        en: `FAIL: ${summary.mandatoryFailed} mandatory check(s) failed`,
      };
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Phare interop — ${e(report.profile.id)} — ${e(report.startedAt)}</title>
<style>${STYLE}</style>
</head>
<body>
<div class="lang-switch"><button type="button" data-set-lang="fr">Français</button><button type="button" data-set-lang="en">English</button></div>
<h1><span lang="fr">Rapport d'interopérabilité Phare</span><span lang="en">Phare interoperability report</span></h1>
<p class="verdict ${summary.passed ? 'ok' : 'ko'}">${both(verdict)}</p>
<p class="counts"><span>${summary.pass} ${both({ fr: 'réussies', en: 'passed' })}</span><span>${summary.fail} ${both({ fr: 'en échec', en: 'failed' })}</span><span>${summary.skip} ${both({ fr: 'non exécutées', en: 'skipped' })}</span>${summary.stoppedEarly ? `<span>${both({ fr: 'arrêt au premier échec (--careful)', en: 'stopped at the first failure (--careful)' })}</span>` : ''}</p>
<dl class="facts">
<dt>${both({ fr: 'Appareil', en: 'Device' })}</dt><dd>${e(report.device.vendor)} — ${e(report.device.model)}</dd>
<dt>${both({ fr: "Identité annoncée par l'appareil", en: 'Identity the device reports' })}</dt><dd>${e(identity)}</dd>
<dt>${both({ fr: 'Profil', en: 'Profile' })}</dt><dd>${e(report.profile.id)} (${e(report.profile.kind)}, ${e(report.profile.protocol)})${report.profile.file ? ` — ${e(report.profile.file)}` : ''}</dd>
<dt>${both({ fr: 'Adresse', en: 'Endpoint' })}</dt><dd>${e(report.endpoint)}</dd>
<dt>${both({ fr: 'Version de Phare', en: 'Phare version' })}</dt><dd>${e(report.phareVersion)}</dd>
<dt>${both({ fr: 'Date', en: 'Date' })}</dt><dd>${e(report.startedAt)} → ${e(report.finishedAt)} (${Math.round(report.durationMs / 1000)} s)</dd>
<dt>${both({ fr: 'Environnement', en: 'Environment' })}</dt><dd>Node ${e(report.environment.node)}, ${e(report.environment.os)} ${e(report.environment.arch)}</dd>
<dt>${both({ fr: 'Options', en: 'Options' })}</dt><dd>${e(JSON.stringify(report.options))}</dd>
</dl>
${charts ? `<h2>${both({ fr: 'Temps de réponse par groupe', en: 'Response time per poll group' })}</h2>\n${charts}` : ''}
${groups}
<script>${SCRIPT}</script>
</body>
</html>
`;
}
