import type { Office, Service } from './catalogue.js';
import { officeAddress } from './catalogue.js';
import { h } from './dom.js';
import { addDays } from './format.js';
import { locale, t } from './i18n.js';
import { detailsList } from './ui.js';

/** A Monday: the reference for naming ISO weekdays 1–7 in the page's language. */
const A_MONDAY = '2026-11-30';

/** What the citizen should know before booking the service: what it is, how long, what it costs, what to bring. */
export function serviceInfo(service: Service): HTMLElement {
  const rows: Array<[string, string | HTMLElement]> = [
    [t('serviceInfo.duration'), t('booking.minutes', { minutes: service.durationMinutes })],
  ];
  if (service.fee) rows.push([t('serviceInfo.fee'), formatFee(service.fee)]);
  if (service.documents.length > 0) rows.push([t('serviceInfo.documents'), h('ul', {}, ...service.documents.map((d) => h('li', {}, d)))]);
  return h(
    'section',
    { class: 'service-info', 'aria-labelledby': 'service-info-title' },
    h('h2', { id: 'service-info-title' }, service.name),
    service.description ? h('p', {}, service.description) : null,
    detailsList(rows),
  );
}

function formatFee(fee: { amountCents: number; note: string }): string {
  const amount =
    fee.amountCents === 0
      ? t('serviceInfo.free')
      : new Intl.NumberFormat(locale(), { style: 'currency', currency: 'EUR' }).format(fee.amountCents / 100);
  return fee.note ? `${amount} (${fee.note})` : amount;
}

/** A plain link to OpenStreetMap's search for the address: no embedded map, no request to a third party until followed. */
export function mapUrl(office: Office): string {
  return `https://www.openstreetmap.org/search?${new URLSearchParams({ query: officeAddress(office) })}`;
}

/** An office as a citizen chooses one: address and map link, how to get in, phone, today's and the week's hours. */
export function officeInfo(office: Office, headingLevel: 'h2' | 'h3' = 'h2'): HTMLElement {
  const titleId = `office-${office.id}`;
  const rows: Array<[string, string | HTMLElement]> = [
    [
      t('officeInfo.address'),
      h('span', {}, `${officeAddress(office)} `, h('a', { href: mapUrl(office), rel: 'noopener noreferrer' }, t('officeInfo.map'))),
    ],
  ];
  if (office.accessibility) rows.push([t('officeInfo.accessibility'), office.accessibility]);
  if (office.phone) rows.push([t('officeInfo.phone'), h('a', { href: `tel:${office.phone.replace(/[^+\d]/g, '')}` }, office.phone)]);
  rows.push([t('officeInfo.today'), hoursOf(office, todayWeekday(office.timeZone)) ?? t('officeInfo.closed')]);
  rows.push([t('officeInfo.week'), weekHours(office)]);
  return h(
    'section',
    { class: 'office-info', 'aria-labelledby': titleId },
    h(headingLevel, { id: titleId }, office.name),
    detailsList(rows),
  );
}

/** "08:00–12:00, 14:00–18:00", or undefined when closed that weekday. */
function hoursOf(office: Office, weekday: number): string | undefined {
  const intervals = office.openingHours.filter((i) => i.weekday === weekday).sort((a, b) => a.opens.localeCompare(b.opens));
  return intervals.length === 0 ? undefined : intervals.map((i) => `${i.opens}–${i.closes}`).join(', ');
}

function todayWeekday(timeZone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone }).format(new Date());
  return ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(name) + 1;
}

function weekdayName(weekday: number): string {
  return new Intl.DateTimeFormat(locale(), { weekday: 'long', timeZone: 'UTC' }).format(
    new Date(`${addDays(A_MONDAY, weekday - 1)}T12:00:00Z`),
  );
}

function weekHours(office: Office): HTMLElement {
  return h(
    'ul',
    { class: 'opening-hours' },
    ...[1, 2, 3, 4, 5, 6, 7].map((weekday) =>
      h('li', {}, `${weekdayName(weekday)}: ${hoursOf(office, weekday) ?? t('officeInfo.closed')}`),
    ),
  );
}
