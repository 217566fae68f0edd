/**
 * Latency chart of one poll group as inline SVG (the HTML report has no external asset): one bar
 * per request, horizontal lines for p50, p95 and the profile's timeout, so a buyer sees at a glance
 * how much margin the device leaves.
 */
import type { TimingSeries } from '../report-model.ts';
import { htmlEscape } from './html-escape.ts';

const WIDTH = 560;
const HEIGHT = 180;
const PAD = { left: 48, right: 12, top: 12, bottom: 24 };

export function latencyChartSvg(series: TimingSeries): string {
  const samples = series.samplesMs;
  const top = Math.max(series.timeoutMs, ...samples, 1) * 1.1;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const y = (ms: number): number => PAD.top + plotH - (Math.min(ms, top) / top) * plotH;
  const barW = samples.length > 0 ? Math.max(1, plotW / samples.length - 2) : 0;
  const bars = samples
    .map((ms, i) => {
      const x = PAD.left + i * (plotW / samples.length) + 1;
      const over = ms > series.timeoutMs;
      return `<rect x="${x.toFixed(1)}" y="${y(ms).toFixed(1)}" width="${barW.toFixed(1)}" height="${(PAD.top + plotH - y(ms)).toFixed(1)}" class="${over ? 'bar over' : 'bar'}"><title>${ms} ms</title></rect>`;
    })
    .join('');
  const line = (ms: number | null | undefined, cls: string, label: string): string =>
    ms === null || ms === undefined || ms > top
      ? ''
      : `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(ms).toFixed(1)}" y2="${y(ms).toFixed(1)}" class="${cls}"/><text x="${WIDTH - PAD.right - 2}" y="${(y(ms) - 3).toFixed(1)}" text-anchor="end" class="label">${htmlEscape(label)}</text>`;
  const ticks = [0, top / 2, top]
    .map(
      (ms) =>
        `<text x="${PAD.left - 4}" y="${(y(ms) + 4).toFixed(1)}" text-anchor="end" class="axis">${Math.round(ms)}</text>`,
    )
    .join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${htmlEscape(`latency of poll group ${series.group}`)}">`,
    `<rect x="${PAD.left}" y="${PAD.top}" width="${plotW}" height="${plotH}" class="frame"/>`,
    bars,
    line(series.p50Ms, 'p50', `p50 ${Math.round(series.p50Ms ?? 0)} ms`),
    line(series.p95Ms, 'p95', `p95 ${Math.round(series.p95Ms ?? 0)} ms`),
    line(series.timeoutMs, 'timeout', `timeout ${series.timeoutMs} ms`),
    ticks,
    `<text x="${PAD.left}" y="${HEIGHT - 6}" class="axis">ms / ${samples.length} requests</text>`,
    '</svg>',
  ].join('');
}
