import { freeDays, type Office, type Slot } from './catalogue.js';
import { h, type Child } from './dom.js';
import { addDays, formatDay, localDay } from './format.js';
import { t } from './i18n.js';
import { choiceList } from './ui.js';

/** Two weeks a page: short enough to read on a phone; paging reaches any horizon the tenant sets. */
const DAYS_PER_PAGE = 14;
const DAY_MS = 86_400_000;

/** One page of the day list: the office's calendar days `first`…`last` and the pages either side, if any. */
export interface DayPage {
  first: string;
  last: string;
  days: Map<string, Slot[]>;
  earlier?: string;
  later?: string;
}

/** Today and the last day citizens may book (`opensDaysAhead`, the tenant's booking window), in the office's zone. */
function bookableDays(office: Office, opensDaysAhead: number): { today: string; lastDay: string } {
  const now = Date.now();
  return {
    today: localDay(new Date(now).toISOString(), office.timeZone),
    lastDay: localDay(new Date(now + opensDaysAhead * DAY_MS).toISOString(), office.timeZone),
  };
}

/** `day` if it is a real YYYY-MM-DD between `today` and `lastDay`; a day from the URL is only a wish. */
function withinReach(day: string | null, today: string, lastDay: string): day is string {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) return false;
  return addDays(day, 0) === day && day >= today && day <= lastDay;
}

/** The page of free days that starts at `requested` (the URL's `ab`), or at today. */
export async function loadDayPage(
  tenant: string,
  office: Office,
  serviceId: string,
  opensDaysAhead: number,
  requested: string | null,
): Promise<DayPage> {
  const { today, lastDay } = bookableDays(office, opensDaysAhead);
  const first = withinReach(requested, today, lastDay) ? requested : today;
  const count = Math.min(DAYS_PER_PAGE, (Date.parse(`${lastDay}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / DAY_MS + 1);
  const days = await freeDays(tenant, office, serviceId, first, count);
  const before = addDays(first, -DAYS_PER_PAGE);
  const next = addDays(first, DAYS_PER_PAGE);
  return {
    first,
    last: addDays(first, count - 1),
    days,
    ...(first > today ? { earlier: before < today ? today : before } : {}),
    ...(next <= lastDay ? { later: next } : {}),
  };
}

/** The free slots of one chosen day, or undefined when the day is out of reach or has none. */
export async function loadDay(
  tenant: string,
  office: Office,
  serviceId: string,
  opensDaysAhead: number,
  day: string | null,
): Promise<Slot[] | undefined> {
  const { today, lastDay } = bookableDays(office, opensDaysAhead);
  if (!withinReach(day, today, lastDay)) return undefined;
  return (await freeDays(tenant, office, serviceId, day, 1)).get(day);
}

/**
 * The page as the citizen sees it: which days it covers, one link per free day, and links to the
 * earlier and later weeks. An empty page says so and still offers the later weeks.
 * `link` builds a URL of the same step with the parameters given (`ab` = the page, `tag` = a day).
 */
export function dayPageView(page: DayPage, link: (extra: Record<string, string>) => string): Child[] {
  const range = { from: formatDay(page.first), to: formatDay(page.last) };
  const list =
    page.days.size === 0
      ? h('p', {}, t('booking.noDays', range), page.later ? null : ` ${t('booking.beyondHorizon')}`)
      : choiceList(
          t('booking.day'),
          [...page.days].map(([day, slots]) => ({
            href: link({ ab: page.first, tag: day }),
            text: formatDay(day),
            hint: t('booking.freeTimes', { count: slots.length }),
          })),
        );
  const turns = [
    page.earlier ? h('a', { href: link({ ab: page.earlier }) }, t('booking.earlierDays')) : null,
    page.later ? h('a', { href: link({ ab: page.later }) }, t('booking.laterDays')) : null,
  ].filter((turn) => turn !== null);
  return [
    page.days.size === 0 ? null : h('p', {}, t('booking.dayRange', range)),
    list,
    turns.length > 0 ? h('nav', { class: 'actions', 'aria-label': t('booking.dayPages') }, ...turns) : null,
  ];
}
