import { api, tenantPath } from '../api.js';
import { DEVICE_STATUSES, deviceStatusText, requestStatusText } from '../device-texts.js';
import { h, svg } from '../dom.js';
import { t } from '../i18n.js';
import type { Session } from '../session.js';
import { scrollable, showLoading, showPage } from '../ui.js';

interface Rollout {
  devicesByStatus: Record<string, number>;
  requestsByStatus: Record<string, number>;
  weeks: Array<{ week: string; requestsSubmitted: number; devicesHandedOver: number; devicesReturned: number }>;
}

const BAR = '#0b5394';
const LINE = '#a4161a';

/**
 * Where the rollout stands: devices per status now, and the handovers week by week with their
 * running total. Each chart has a text alternative and the same figures as a table.
 */
export async function rolloutPage(main: HTMLElement, session: Session): Promise<void> {
  showLoading(main, t('rollout.title'));
  const rollout = await api<Rollout>(tenantPath(session.tenant, '/rollout?weeks=12'));
  const statuses = DEVICE_STATUSES.map((status) => ({ label: deviceStatusText(status), value: rollout.devicesByStatus[status] ?? 0 }));
  showPage(
    main,
    t('rollout.title'),
    h('h2', { id: 'by-status' }, t('rollout.byStatus')),
    statusChart(statuses),
    figuresTable(
      t('rollout.byStatus'),
      [t('inventory.status'), t('rollout.count')],
      statuses.map((s) => [s.label, s.value]),
    ),
    h('h2', {}, t('rollout.weekly')),
    rollout.weeks.length === 0 ? h('p', {}, t('rollout.noWeeks')) : weeklyChart(rollout.weeks),
    rollout.weeks.length === 0
      ? null
      : figuresTable(
          t('rollout.weekly'),
          [t('rollout.week'), t('rollout.handedOver'), t('rollout.returned'), t('rollout.submitted')],
          rollout.weeks.map((w) => [w.week, w.devicesHandedOver, w.devicesReturned, w.requestsSubmitted]),
        ),
    h('h2', {}, t('rollout.requests')),
    figuresTable(
      t('rollout.requests'),
      [t('devices.status'), t('rollout.count')],
      Object.entries(rollout.requestsByStatus).map(([status, n]) => [requestStatusText(status), n]),
    ),
  );
}

/** Horizontal bars, one per status, labelled with name and count. */
function statusChart(rows: Array<{ label: string; value: number }>): SVGElement {
  const max = Math.max(1, ...rows.map((r) => r.value));
  const rowHeight = 36;
  const labelWidth = 220;
  const width = 560;
  return svg(
    'svg',
    {
      viewBox: `0 0 ${width} ${rows.length * rowHeight + 8}`,
      role: 'img',
      'aria-labelledby': 'status-chart-title status-chart-desc',
      class: 'chart',
    },
    svg('title', { id: 'status-chart-title' }, t('rollout.byStatus')),
    svg('desc', { id: 'status-chart-desc' }, `${t('rollout.byStatusDesc')} ${rows.map((r) => `${r.label}: ${r.value}`).join(', ')}.`),
    ...rows.flatMap((row, index) => {
      const y = index * rowHeight + 4;
      const barWidth = Math.round(((width - labelWidth - 60) * row.value) / max);
      return [
        svg('text', { x: labelWidth - 8, y: y + 21, 'text-anchor': 'end', class: 'chart-label' }, row.label),
        svg('rect', { x: labelWidth, y, width: Math.max(barWidth, 1), height: rowHeight - 8, fill: BAR }),
        svg('text', { x: labelWidth + barWidth + 6, y: y + 21, class: 'chart-label' }, row.value),
      ];
    }),
  );
}

/** Bars: devices handed over per week; line: the running total over the period. */
function weeklyChart(weeks: Rollout['weeks']): SVGElement {
  const width = 560;
  const height = 220;
  const top = 16;
  const bottom = 36;
  const left = 40;
  const slot = (width - left - 10) / weeks.length;
  let total = 0;
  const totals = weeks.map((w) => (total += w.devicesHandedOver));
  const max = Math.max(1, ...totals);
  const y = (value: number) => top + (height - top - bottom) * (1 - value / max);
  const line = totals.map((value, index) => `${left + slot * index + slot / 2},${y(value)}`).join(' ');
  return svg(
    'svg',
    { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': 'weekly-chart-title weekly-chart-desc', class: 'chart' },
    svg('title', { id: 'weekly-chart-title' }, t('rollout.weekly')),
    svg(
      'desc',
      { id: 'weekly-chart-desc' },
      `${t('rollout.weeklyDesc')} ${weeks.map((w, i) => `${w.week}: ${w.devicesHandedOver} (${t('rollout.total')} ${totals[i]})`).join(', ')}.`,
    ),
    svg('line', { x1: left, y1: height - bottom, x2: width - 10, y2: height - bottom, stroke: '#4a4a4a' }),
    svg('text', { x: left - 6, y: top + 4, 'text-anchor': 'end', class: 'chart-label' }, max),
    svg('text', { x: left - 6, y: height - bottom, 'text-anchor': 'end', class: 'chart-label' }, 0),
    ...weeks.flatMap((week, index) => {
      const x = left + slot * index;
      return [
        svg('rect', {
          x: x + slot * 0.2,
          y: y(week.devicesHandedOver),
          width: slot * 0.6,
          height: height - bottom - y(week.devicesHandedOver),
          fill: BAR,
        }),
        svg('text', { x: x + slot / 2, y: height - bottom + 16, 'text-anchor': 'middle', class: 'chart-label' }, week.week.slice(5)),
      ];
    }),
    svg('polyline', { points: line, fill: 'none', stroke: LINE, 'stroke-width': 3 }),
  );
}

function figuresTable(caption: string, headings: string[], rows: Array<Array<string | number>>): HTMLElement {
  return scrollable(
    h(
      'table',
      { class: 'figures' },
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, ...headings.map((heading) => h('th', { scope: 'col' }, heading)))),
      h(
        'tbody',
        {},
        ...rows.map(([first, ...rest]) => h('tr', {}, h('th', { scope: 'row' }, first), ...rest.map((cell) => h('td', {}, cell)))),
      ),
    ),
  );
}
