/**
 * Horizontal bar charts as hand-written SVG: one row of bars per group, one bar per series (ours
 * beside the baseline), the median as the bar, min–max as a whisker, optional goal lines per group.
 * Accessible: role="img" with <title> and a <desc> that states every figure in words.
 */
import type { Spread } from '../stats';

export interface ChartSeries {
  label: string;
  color: string;
}

export interface ChartGroup {
  label: string;
  /** One per series; undefined leaves the series' bar out of this group. */
  values: Array<Spread | undefined>;
  goal?: { value: number; label: string };
}

export interface BarChart {
  title: string;
  /** One sentence that says what to look at (the first line of <desc>). */
  summary: string;
  unit: string;
  axisLabel: string;
  better: 'higher' | 'lower';
  series: ChartSeries[];
  groups: ChartGroup[];
}

export const COLORS = { ours: '#1b5e9e', baseline: '#a3a3a3', oursLight: '#8db4dc', goal: '#c0392b' };

const WIDTH = 800;
const LEFT = 250;
const RIGHT = 90;
const BAR = 16;
const BAR_GAP = 4;
const GROUP_GAP = 18;
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';

export function renderBarChart(chart: BarChart, id: string): string {
  const values = chart.groups.flatMap((g) => g.values.filter((v): v is Spread => v !== undefined));
  const goals = chart.groups.flatMap((g) => (g.goal ? [g.goal.value] : []));
  const top = Math.max(...values.map((v) => finite(v.max, v.median)), ...goals, 0);
  const ticks = niceTicks(top);
  const axisMax = ticks[ticks.length - 1];
  const plotWidth = WIDTH - LEFT - RIGHT;
  const x = (value: number) => LEFT + (Math.max(0, value) / axisMax) * plotWidth;

  const legendY = 70;
  let y = 96;
  const body: string[] = [];
  for (const group of chart.groups) {
    const shown = group.values.map((value, index) => ({ value, series: chart.series[index] })).filter((bar) => bar.value !== undefined);
    const groupHeight = shown.length * (BAR + BAR_GAP) - BAR_GAP;
    body.push(
      `<text x="${LEFT - 10}" y="${y + groupHeight / 2 + 4}" text-anchor="end" font-size="13" fill="#222">${escape(group.label)}</text>`,
    );
    shown.forEach(({ value, series }, index) => {
      const v = value!;
      const barY = y + index * (BAR + BAR_GAP);
      const mid = barY + BAR / 2;
      body.push(
        `<rect x="${LEFT}" y="${barY}" width="${round1(x(v.median) - LEFT)}" height="${BAR}" fill="${series.color}"><title>${escape(`${series.label}: ${describe(v, chart.unit)}`)}</title></rect>`,
      );
      if (Number.isFinite(v.min) && Number.isFinite(v.max) && v.max > v.min) {
        const [x1, x2] = [round1(x(v.min)), round1(x(v.max))];
        body.push(
          `<path d="M${x1} ${mid}H${x2}M${x1} ${mid - 5}V${mid + 5}M${x2} ${mid - 5}V${mid + 5}" stroke="#111" stroke-width="1.5" fill="none"/>`,
        );
      }
      const labelX = round1(Math.max(x(v.median), x(finite(v.max, v.median))) + 6);
      body.push(`<text x="${labelX}" y="${mid + 4}" font-size="12" fill="#333">${escape(`${short(v.median)} ${chart.unit}`)}</text>`);
    });
    if (group.goal) {
      const gx = round1(x(group.goal.value));
      body.push(
        `<line x1="${gx}" y1="${y - 6}" x2="${gx}" y2="${y + groupHeight + 6}" stroke="${COLORS.goal}" stroke-width="2" stroke-dasharray="5 3"/>`,
        `<text x="${gx + 4}" y="${y - 8}" font-size="11" fill="${COLORS.goal}">${escape(group.goal.label)}</text>`,
      );
    }
    y += groupHeight + GROUP_GAP + (group.goal ? 10 : 0);
  }
  const axisY = y;
  const axis = [
    `<line x1="${LEFT}" y1="${axisY}" x2="${LEFT + plotWidth}" y2="${axisY}" stroke="#444"/>`,
    ...ticks.map((tick) => {
      const tx = round1(x(tick));
      return (
        `<line x1="${tx}" y1="90" x2="${tx}" y2="${axisY}" stroke="#e3e3e3"/>` +
        `<line x1="${tx}" y1="${axisY}" x2="${tx}" y2="${axisY + 5}" stroke="#444"/>` +
        `<text x="${tx}" y="${axisY + 18}" text-anchor="middle" font-size="11" fill="#333">${short(tick)}</text>`
      );
    }),
    `<text x="${LEFT + plotWidth / 2}" y="${axisY + 38}" text-anchor="middle" font-size="12" fill="#222">${escape(`${chart.axisLabel} (${chart.unit}) — ${chart.better} is better`)}</text>`,
  ];
  const legend: string[] = [];
  let lx = 16;
  for (const series of chart.series) {
    legend.push(
      `<rect x="${lx}" y="${legendY - 10}" width="12" height="12" fill="${series.color}"/>`,
      `<text x="${lx + 17}" y="${legendY}" font-size="12" fill="#222">${escape(series.label)}</text>`,
    );
    lx += 32 + series.label.length * 6.8;
  }
  legend.push(
    `<path d="M${lx} ${legendY - 4}H${lx + 22}M${lx} ${legendY - 9}V${legendY + 1}M${lx + 22} ${legendY - 9}V${legendY + 1}" stroke="#111" stroke-width="1.5"/>`,
    `<text x="${lx + 28}" y="${legendY}" font-size="12" fill="#222">min–max of the runs</text>`,
  );
  if (chart.groups.some((g) => g.goal)) {
    const gx = lx + 175;
    legend.push(
      `<line x1="${gx}" y1="${legendY - 10}" x2="${gx}" y2="${legendY + 2}" stroke="${COLORS.goal}" stroke-width="2" stroke-dasharray="5 3"/>`,
      `<text x="${gx + 6}" y="${legendY}" font-size="12" fill="#222">goal</text>`,
    );
  }
  const height = axisY + 50;
  const description = [
    chart.summary,
    ...chart.groups.flatMap((g) =>
      g.values.map((v, i) => (v ? `${g.label}, ${chart.series[i].label}: ${describe(v, chart.unit)}.` : '')).filter(Boolean),
    ),
    ...chart.groups.filter((g) => g.goal).map((g) => `${g.label}: ${g.goal!.label}.`),
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="${id}-title ${id}-desc" ${FONT}>`,
    `<title id="${id}-title">${escape(chart.title)}</title>`,
    `<desc id="${id}-desc">${escape(description.join(' '))}</desc>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="16" y="28" font-size="17" font-weight="600" fill="#111">${escape(chart.title)}</text>`,
    `<text x="16" y="48" font-size="12" fill="#444">${escape(chart.summary)}</text>`,
    ...legend,
    ...axis,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

function describe(v: Spread, unit: string): string {
  return `median ${short(v.median)} ${unit}, from ${short(v.min)} to ${short(v.max)} over ${v.runs.length} runs`;
}

function finite(value: number, fallback: number): number {
  return Number.isFinite(value) ? value : fallback;
}

/** 0 and 4–6 round steps (1, 2 or 5 × 10^n) covering `top`. */
export function niceTicks(top: number): number[] {
  if (!(top > 0)) return [0, 1];
  const rough = top / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough)!;
  const ticks: number[] = [];
  for (let t = 0; t < top + step * 0.999; t += step) ticks.push(Number(t.toPrecision(12)));
  if (ticks[ticks.length - 1] < top) ticks.push(ticks[ticks.length - 1] + step);
  return ticks;
}

/** 3 significant digits, thousands without separators. */
export function short(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (Math.abs(value) >= 100) return String(Math.round(value));
  return String(Number(value.toPrecision(3)));
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
