/**
 * The benchmark chart as a self-contained SVG (latency percentiles per step beside Kafka's own
 * baseline; throughput per step beside Kafka's raw consumer rate), plus a PNG rendered by
 * headless Chromium when it is installed, so a person can look at it anywhere.
 */
import { existsSync, writeFileSync } from 'node:fs';
import type { BenchResult } from './bench-types.ts';

const W = 960;
const H = 440;
const PAD = { l: 70, r: 20, t: 40, b: 84 };

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

function panel(x0: number, title: string, labels: string[], series: Array<{ name: string; color: string; values: Array<number | null> }>, lines: Array<{ name: string; color: string; value: number }>, unit: string, log: boolean): string {
  const pw = W / 2 - PAD.l - PAD.r;
  const ph = H - PAD.t - PAD.b;
  const all = [...series.flatMap((s) => s.values.filter((v): v is number => v !== null)), ...lines.map((l) => l.value)];
  const max = Math.max(1, ...all) * 1.15;
  const min = log ? Math.max(0.1, Math.min(...all.filter((v) => v > 0), 1) / 1.5) : 0;
  const y = (v: number) => (log ? PAD.t + ph - ((Math.log10(Math.max(v, min)) - Math.log10(min)) / (Math.log10(max) - Math.log10(min))) * ph : PAD.t + ph - (v / max) * ph);
  const groupW = pw / Math.max(1, labels.length);
  const barW = (groupW * 0.8) / Math.max(1, series.length);
  let out = `<g transform="translate(${x0},0)"><text x="${PAD.l}" y="24" font-size="15" font-weight="600">${esc(title)}</text>`;
  out += `<line x1="${PAD.l}" y1="${PAD.t + ph}" x2="${PAD.l + pw}" y2="${PAD.t + ph}" stroke="#888"/>`;
  const ticks = log ? [0.1, 1, 10, 100, 1000, 10000, 100000, 1000000].filter((t) => t >= min && t <= max) : [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(f * max));
  for (const t of ticks) {
    out += `<line x1="${PAD.l}" y1="${y(t)}" x2="${PAD.l + pw}" y2="${y(t)}" stroke="#eee"/><text x="${PAD.l - 6}" y="${y(t) + 4}" font-size="11" text-anchor="end">${t.toLocaleString('en-US')}</text>`;
  }
  out += `<text x="16" y="${PAD.t + ph / 2}" font-size="11" transform="rotate(-90 16 ${PAD.t + ph / 2})" text-anchor="middle">${esc(unit)}</text>`;
  labels.forEach((label, i) => {
    const gx = PAD.l + i * groupW + groupW * 0.1;
    series.forEach((s, j) => {
      const v = s.values[i];
      if (v === null || v === undefined) return;
      out += `<rect x="${gx + j * barW}" y="${y(v)}" width="${barW - 2}" height="${PAD.t + ph - y(v)}" fill="${s.color}"><title>${esc(`${s.name} ${label}: ${v}`)}</title></rect>`;
    });
    out += `<text x="${gx + (barW * series.length) / 2}" y="${PAD.t + ph + 16}" font-size="11" text-anchor="middle">${esc(label)}</text>`;
  });
  for (const l of lines) {
    out += `<line x1="${PAD.l}" y1="${y(l.value)}" x2="${PAD.l + pw}" y2="${y(l.value)}" stroke="${l.color}" stroke-dasharray="6 4" stroke-width="2"/>`;
  }
  const legend = [...series.map((s) => ({ name: s.name, color: s.color, dash: false })), ...lines.map((l) => ({ name: l.name, color: l.color, dash: true }))];
  legend.forEach((e, i) => {
    const lx = PAD.l + (i % 2) * (pw / 2);
    const ly = H - 50 + Math.floor(i / 2) * 15;
    out += e.dash
      ? `<line x1="${lx}" y1="${ly - 4}" x2="${lx + 14}" y2="${ly - 4}" stroke="${e.color}" stroke-dasharray="4 2" stroke-width="2"/>`
      : `<rect x="${lx}" y="${ly - 10}" width="12" height="10" fill="${e.color}"/>`;
    out += `<text x="${lx + 18}" y="${ly}" font-size="11">${esc(e.name)}</text>`;
  });
  return `${out}</g>`;
}

export function chartSvg(r: BenchResult): string {
  const labels = r.steps.map((s) => `${(s.targetRate / 1000).toLocaleString('en-US')}k/s`);
  const lat = panel(
    0,
    'Latency from the collar reading (ms, log scale)',
    labels,
    [
      { name: 'detect p50', color: '#9ecae1', values: r.steps.map((s) => s.latencyMs.detect.p50) },
      { name: 'detect p99', color: '#3182bd', values: r.steps.map((s) => s.latencyMs.detect.p99) },
      { name: 'WebSocket p50', color: '#fdae6b', values: r.steps.map((s) => s.latencyMs.websocket.p50) },
      { name: 'WebSocket p99', color: '#e6550d', values: r.steps.map((s) => s.latencyMs.websocket.p99) },
    ],
    [
      ...(r.kafka?.e2e.p50 != null ? [{ name: `Kafka e2e p50 (${r.kafka.e2e.p50} ms)`, color: '#31a354', value: r.kafka.e2e.p50 }] : []),
      ...(r.kafka?.e2e.p99 != null ? [{ name: `Kafka e2e p99 (${r.kafka.e2e.p99} ms)`, color: '#006d2c', value: r.kafka.e2e.p99 }] : []),
    ],
    'ms',
    true,
  );
  const raw = r.kafka?.consumer.fetchMsgPerS ?? r.kafka?.consumer.msgPerS ?? null;
  const thr = panel(
    W / 2,
    'Throughput (readings/s)',
    labels,
    [
      { name: 'target', color: '#d9d9d9', values: r.steps.map((s) => s.targetRate) },
      { name: 'produced', color: '#9e9ac8', values: r.steps.map((s) => s.achievedRate) },
      { name: 'processed', color: '#54278f', values: r.steps.map((s) => s.processedRate) },
    ],
    raw !== null ? [{ name: `Kafka raw consumer (${Math.round(raw).toLocaleString('en-US')}/s)`, color: '#006d2c', value: raw }] : [],
    'readings/s',
    false,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, sans-serif"><rect width="100%" height="100%" fill="#fff"/>${lat}${thr}</svg>`;
}

/** Writes the SVG, and a PNG through headless Chromium when /usr/bin/chromium exists. */
export async function writeChart(r: BenchResult, svgPath: string): Promise<{ svg: string; png: string | null }> {
  const svg = chartSvg(r);
  writeFileSync(svgPath, svg);
  const pngPath = svgPath.replace(/\.svg$/, '.png');
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) return { svg: svgPath, png: null };
  try {
    const { chromium: pw } = await import('playwright-core');
    const browser = await pw.launch({ executablePath: chromium, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      const page = await browser.newPage({ viewport: { width: W, height: H } });
      await page.setContent(`<html><body style="margin:0">${svg}</body></html>`);
      await page.screenshot({ path: pngPath });
    } finally {
      await browser.close();
    }
    return { svg: svgPath, png: pngPath };
  } catch {
    return { svg: svgPath, png: null };
  }
}
