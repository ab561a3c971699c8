import { formatDate, formField } from '../admin-forms.js';
import { api, tenantPath } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import type { Session } from '../session.js';
import { alertBox, dataTable, describeFailure, recordRow, scrollable, showLoading, showPage } from '../ui.js';

export const STATISTICS_PAGE = '/arbeitsplatz/statistik';

interface OfficeWeek {
  officeId: string;
  officeName: string;
  week: string;
  slotsOffered: number;
  booked: number;
  held: number;
  lapsed: number;
  cancelled: number;
  noShows: number;
  waitingListOffers: number;
  waitingListOffersTaken: number;
}

/** The API's limit. */
const MAX_WEEKS = 26;
const DAY_MS = 86_400_000;

const COLUMNS = [
  ['slotsOffered', 'statistics.slotsOffered'],
  ['booked', 'statistics.booked'],
  ['held', 'statistics.held'],
  ['lapsed', 'statistics.lapsed'],
  ['cancelled', 'statistics.cancelled'],
  ['noShows', 'statistics.noShows'],
  ['waitingListOffers', 'statistics.waitingListOffers'],
  ['waitingListOffersTaken', 'statistics.waitingListOffersTaken'],
] as const;

function isDay(value: string | null): value is string {
  return value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value);
}

/**
 * Appointments per office and week, counts only. The period is in the URL (`?von=&bis=`), so a
 * period can be bookmarked; by default the last four weeks and the next two.
 */
export async function statisticsPage(main: HTMLElement, session: Session, query: URLSearchParams): Promise<void> {
  showLoading(main, t('statistics.title'));
  const today = Date.now();
  const from = isDay(query.get('von')) ? query.get('von')! : new Date(today - 28 * DAY_MS).toISOString().slice(0, 10);
  const to = isDay(query.get('bis')) ? query.get('bis')! : new Date(today + 14 * DAY_MS).toISOString().slice(0, 10);
  const fromField = formField(
    h('input', { id: 'statistics-from', name: 'von', type: 'date', value: from, required: true }),
    t('statistics.from'),
  );
  const toField = formField(
    h('input', { id: 'statistics-to', name: 'bis', type: 'date', value: to, required: true }),
    t('statistics.to'),
    t('statistics.toHint', { weeks: MAX_WEEKS }),
  );
  const form = h(
    'form',
    { novalidate: true, class: 'filters' },
    fromField.wrapper,
    toField.wrapper,
    h('button', { type: 'submit' }, t('statistics.show')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const ok = fromField.input.value !== '' && toField.input.value !== '';
    fromField.setError(fromField.input.value === '' ? t('admin.required') : undefined);
    toField.setError(toField.input.value === '' ? t('admin.required') : undefined);
    if (ok) navigate(`${STATISTICS_PAGE}?${new URLSearchParams({ von: fromField.input.value, bis: toField.input.value })}`);
  });
  let content: HTMLElement | HTMLElement[];
  try {
    const weeks = await api<OfficeWeek[]>(tenantPath(session.tenant, `/statistics?${new URLSearchParams({ from, to })}`));
    content = weeks.length === 0 ? h('p', {}, t('statistics.none')) : officeTables(weeks);
  } catch (error) {
    content = alertBox(describeFailure(error));
  }
  showPage(main, t('statistics.title'), h('p', {}, t('statistics.intro')), form, ...(Array.isArray(content) ? content : [content]));
}

/** One table per office, a row per week. */
function officeTables(weeks: OfficeWeek[]): HTMLElement[] {
  const offices = new Map<string, OfficeWeek[]>();
  for (const week of weeks) offices.set(week.officeId, [...(offices.get(week.officeId) ?? []), week]);
  return [...offices.values()].map((rows) => {
    const caption = t('statistics.office', { name: rows[0].officeName });
    // The office's name as a heading (a centred caption is cut off on a phone); the caption still names the table.
    return h(
      'section',
      {},
      h('h2', {}, rows[0].officeName),
      scrollable(
        dataTable(
          caption,
          ['statistics.week', ...COLUMNS.map(([, key]) => key)],
          rows.map((row) => recordRow(t('statistics.weekOf', { day: formatDate(row.week) }), ...COLUMNS.map(([field]) => row[field]))),
          { class: 'figures' },
        ),
      ),
    );
  });
}
