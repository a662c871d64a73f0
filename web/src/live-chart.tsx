/**
 * One live vital as a uPlot line with the pet's normal band behind it: the clinical range (green)
 * and the learned baseline mean ± 2 sd (blue, dashed). The chart redraws itself from the store's
 * flush, not through React: a flush that appended points to the series calls setData once.
 * Axes: 24-hour HH:MM:SS like the rest of the dashboard; y always holds the band and the data
 * (see chart-scales.ts).
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { stepDecimals, timeLabels, yScale, yTicks } from './chart-scales.ts';
import type { LiveStore } from './live-stream.ts';
import type { SeriesBuffer, SeriesField } from './series-buffer.ts';

const CHART_HEIGHT = 150;
/** Narrowest time span drawn, seconds: a just-opened chart with a few seconds of data still reads as a timeline. */
const MIN_SPAN_S = 60;
/** Horizontal room per time label, px: "19:15:35" must not touch its neighbour. */
const X_LABEL_SPACE_PX = 72;

export type Band = { low: number; high: number };
export type Baseline = { mean: number; sd: number };

type Props = {
  store: LiveStore;
  series: SeriesBuffer;
  field: SeriesField;
  label: string;
  unit: string;
  color: string;
  band: Band | null;
  baseline: Baseline | null;
  digits?: number;
  /** Narrowest y span drawn, in the vital's unit: flat data still gets a readable scale. */
  minSpan?: number;
};

export function LiveChart({ store, series, field, label, unit, color, band, baseline, digits = 0, minSpan = 1 }: Props) {
  const hostRef = useRef<HTMLDivElement>(null);
  const valueRef = useRef<HTMLSpanElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  // The draw hook reads the band from here, so a new baseline needs a redraw, not a new chart.
  const bandsRef = useRef<{ band: Band | null; baseline: Baseline | null }>({ band, baseline });

  useLayoutEffect(() => {
    bandsRef.current = { band, baseline };
    plotRef.current?.redraw(false, true);
  }, [band, baseline]);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const showLatest = () => {
      const ys = series[field];
      let v: number | null | undefined = null;
      for (let i = ys.length - 1; i >= 0 && i >= ys.length - 10; i--) {
        if (ys[i] !== null && ys[i] !== undefined) {
          v = ys[i];
          break;
        }
      }
      if (valueRef.current) valueRef.current.textContent = v === null || v === undefined ? '—' : v.toFixed(digits);
    };
    let yStep = 1; // set by the y range, read by the y splits of the same redraw
    const axis: uPlot.Axis = {
      stroke: '#8b95a5',
      grid: { stroke: 'rgba(139,149,165,0.12)', width: 1 },
      ticks: { stroke: 'rgba(139,149,165,0.25)', width: 1 },
      font: '11px system-ui, sans-serif',
    };
    const opts: uPlot.Options = {
      width: Math.max(200, host.clientWidth),
      height: CHART_HEIGHT,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: {
          time: true,
          range: (_u, min, max) => {
            if (!Number.isFinite(min) || !Number.isFinite(max)) {
              const now = Date.now() / 1000;
              return [now - MIN_SPAN_S, now];
            }
            return [Math.min(min, max - MIN_SPAN_S), max];
          },
        },
        y: {
          range: (_u, min, max) => {
            const { band: b, baseline: bl } = bandsRef.current;
            const keep = [];
            if (b) keep.push(b);
            if (bl) keep.push({ low: bl.mean - 2 * bl.sd, high: bl.mean + 2 * bl.sd });
            const sc = yScale(min, max, keep, minSpan);
            yStep = sc.step;
            return [sc.min, sc.max];
          },
        },
      },
      axes: [
        {
          ...axis,
          space: X_LABEL_SPACE_PX,
          values: (u, splits) => timeLabels(splits, u.scales.x?.min ?? splits[0] ?? 0, u.scales.x?.max ?? splits[splits.length - 1] ?? 0),
        },
        {
          ...axis,
          size: 48,
          splits: (u) => yTicks(u.scales.y?.min ?? 0, u.scales.y?.max ?? 1, yStep),
          values: (_u, splits) => splits.map((v) => v.toFixed(stepDecimals(yStep))),
        },
      ],
      series: [{}, { label, stroke: color, width: 1.5, spanGaps: false, points: { show: false } }],
      hooks: {
        drawClear: [
          (u) => {
            const { band: b, baseline: bl } = bandsRef.current;
            const { ctx } = u;
            const { left, top, width, height } = u.bbox;
            ctx.save();
            ctx.beginPath();
            ctx.rect(left, top, width, height);
            ctx.clip();
            if (b) {
              const y1 = u.valToPos(b.high, 'y', true);
              const y2 = u.valToPos(b.low, 'y', true);
              ctx.fillStyle = 'rgba(63,185,80,0.13)';
              ctx.fillRect(left, y1, width, y2 - y1);
            }
            if (bl) {
              const y1 = u.valToPos(bl.mean + 2 * bl.sd, 'y', true);
              const y2 = u.valToPos(bl.mean - 2 * bl.sd, 'y', true);
              ctx.fillStyle = 'rgba(88,166,255,0.08)';
              ctx.fillRect(left, y1, width, y2 - y1);
              ctx.strokeStyle = 'rgba(88,166,255,0.7)';
              ctx.lineWidth = 1;
              ctx.setLineDash([4, 4]);
              for (const y of [y1, y2]) {
                ctx.beginPath();
                ctx.moveTo(left, y);
                ctx.lineTo(left + width, y);
                ctx.stroke();
              }
            }
            ctx.restore();
          },
        ],
      },
    };
    const u = new uPlot(opts, [series.t, series[field]], host);
    plotRef.current = u;
    showLatest();
    let drawn = series.version;
    const unsubscribe = store.subscribe(() => {
      if (series.version === drawn) return;
      drawn = series.version;
      u.setData([series.t, series[field]]);
      showLatest();
    });
    const ro = new ResizeObserver(() => u.setSize({ width: Math.max(200, host.clientWidth), height: CHART_HEIGHT }));
    ro.observe(host);
    return () => {
      unsubscribe();
      ro.disconnect();
      u.destroy();
      plotRef.current = null;
    };
  }, [store, series, field, label, color, digits, minSpan]);

  return (
    <figure className="chart">
      <figcaption>
        <span className="chart-label" style={{ color }}>
          {label}
        </span>
        <span className="chart-value">
          <span ref={valueRef}>—</span> <small>{unit}</small>
        </span>
        <span className="chart-legend muted">
          {band ? (
            <span>
              <i className="swatch clinical" /> normal {band.low}–{band.high} {unit}
            </span>
          ) : null}
          {baseline ? (
            <span>
              <i className="swatch baseline" /> own baseline {(baseline.mean - 2 * baseline.sd).toFixed(digits)}–{(baseline.mean + 2 * baseline.sd).toFixed(digits)} {unit}
            </span>
          ) : null}
        </span>
      </figcaption>
      <div ref={hostRef} className="chart-host" />
    </figure>
  );
}
