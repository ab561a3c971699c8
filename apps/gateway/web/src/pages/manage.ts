import { api, ApiError, tenantPath } from '../api.js';
import { calendarUrl, catalogue, officeAddress, type Booking } from '../catalogue.js';
import { dayPageView, loadDay, loadDayPage } from '../day-pages.js';
import { h } from '../dom.js';
import { formatSlot } from '../format.js';
import { bookingStatusText } from '../booking-status.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import { alertBox, describeFailure, detailsList, flash, showLoading, showPage, takeFlash } from '../ui.js';
import { timeChoices } from './booking.js';

interface BookingDetails extends Booking {
  officeName: string;
  serviceName: string;
}

const CHANGEABLE = new Set(['confirmed', 'held']);

/**
 * The page behind the manage link: the booking, and — while it can still change — cancel (asked
 * twice) and move (`?verschieben`, then day and time as in booking).
 */
export async function managePage(main: HTMLElement, tenant: string, reference: string, query: URLSearchParams): Promise<void> {
  showLoading(main, t('manage.title'));
  const token = query.get('token') ?? '';
  const bookingPath = tenantPath(tenant, `/bookings/${encodeURIComponent(reference)}`);
  let booking: BookingDetails;
  try {
    booking = await api<BookingDetails>(`${bookingPath}?${new URLSearchParams({ token })}`);
  } catch (error) {
    showPage(
      main,
      t('manage.title'),
      alertBox(error instanceof ApiError && error.status === 404 ? t('manage.notFound') : describeFailure(error)),
    );
    return;
  }
  const { offices, policy } = await catalogue(tenant);
  const office = offices.find((o) => o.id === booking.officeId);
  const timeZone = office?.timeZone ?? 'Europe/Berlin';
  const self = `${location.pathname}?${new URLSearchParams({ token })}`;

  if (query.has('verschieben') && CHANGEABLE.has(booking.status) && office) {
    const day = query.get('tag');
    const moveLink = (extra: Record<string, string>) =>
      `${location.pathname}?${new URLSearchParams({ token, verschieben: '1', ...extra })}`;
    const weeks: Record<string, string> = query.has('ab') ? { ab: query.get('ab')! } : {};
    const slots = await loadDay(tenant, office, booking.serviceId, policy.opensDaysAhead, day);
    if (!slots) {
      const page = await loadDayPage(tenant, office, booking.serviceId, policy.opensDaysAhead, query.get('ab'));
      showPage(main, t('manage.moveTitle'), ...dayPageView(page, moveLink), h('p', {}, h('a', { href: self }, t('app.back'))));
      return;
    }
    const list = timeChoices(slots, office, (slot) => moveLink({ ...weeks, tag: day!, zeit: slot.start }));
    const slot = slots.find((s) => s.start === query.get('zeit'));
    if (slot) {
      // Moving changes the booking: it happens on a button press, never on merely opening a link.
      const confirm = h('button', { type: 'button' }, t('manage.moveConfirm'));
      confirm.addEventListener('click', async () => {
        confirm.disabled = true;
        try {
          await api(`${bookingPath}/reschedule?${new URLSearchParams({ token })}`, { method: 'POST', body: { start: slot.start } });
          flash(t('manage.moved'), 'success');
        } catch (error) {
          flash(error instanceof ApiError && error.code === 'BOOKING.SLOT_TAKEN' ? t('booking.taken') : describeFailure(error), 'error');
        }
        navigate(self);
      });
      showPage(
        main,
        t('manage.moveTitle'),
        h('p', {}, t('manage.moveFrom', { when: formatSlot(booking.start, booking.end, timeZone) })),
        h('p', {}, t('manage.moveTo', { when: formatSlot(slot.start, slot.end, timeZone) })),
        h('div', { class: 'actions' }, confirm, h('a', { href: moveLink({ ...weeks, tag: day! }) }, t('app.back'))),
      );
      return;
    }
    showPage(
      main,
      t('manage.moveTitle'),
      list ?? h('p', {}, t('booking.noTimes')),
      h('p', {}, h('a', { href: moveLink(weeks) }, t('app.back'))),
    );
    return;
  }

  const pending = takeFlash();
  const actions = h('div', { class: 'actions' });
  if (booking.status === 'held') {
    // The mailed link of a held slot (own booking, waiting-list offer, draw): it becomes the citizen's once confirmed.
    const confirm = h('button', { type: 'button' }, t('manage.confirm'));
    confirm.addEventListener('click', async () => {
      confirm.disabled = true;
      try {
        await api(`${bookingPath}/confirm?${new URLSearchParams({ token })}`, { method: 'POST' });
        flash(t('manage.confirmed'), 'success');
      } catch (error) {
        flash(describeFailure(error), 'error');
      }
      navigate(self);
    });
    actions.append(confirm);
  }
  if (booking.status === 'no_show' || booking.status === 'cancelled') {
    actions.append(h('a', { href: `/${encodeURIComponent(tenant)}/termin`, class: 'button' }, t('manage.bookAgain')));
  }
  if (CHANGEABLE.has(booking.status)) {
    const cancel = h('button', { type: 'button', class: 'secondary' }, t('manage.cancel'));
    cancel.addEventListener('click', () => askToCancel(actions, bookingPath, token, self));
    actions.append(h('a', { href: `${self}&verschieben=1`, class: 'button' }, t('manage.move')), cancel);
  }
  showPage(
    main,
    t('manage.title'),
    pending,
    booking.status === 'held' ? h('p', {}, t('manage.heldHint')) : null,
    booking.status === 'no_show' ? h('p', {}, t('manage.noShowHint')) : null,
    detailsList([
      [t('confirmation.reference'), h('strong', { class: 'reference' }, booking.reference)],
      [t('manage.status'), bookingStatusText(booking.status)],
      [t('confirmation.what'), booking.serviceName],
      [t('confirmation.when'), formatSlot(booking.start, booking.end, timeZone)],
      [t('confirmation.where'), office ? `${office.name}, ${officeAddress(office)}` : booking.officeName],
    ]),
    booking.status !== 'confirmed'
      ? null
      : h(
          'p',
          {},
          h(
            'a',
            { href: calendarUrl(tenant, booking.reference, token), download: `termin-${booking.reference}.ics` },
            t('confirmation.calendar'),
          ),
        ),
    actions,
  );
}

function askToCancel(actions: HTMLElement, bookingPath: string, token: string, self: string): void {
  const yes = h('button', { type: 'button', class: 'danger' }, t('manage.cancelYes'));
  const no = h('button', { type: 'button', class: 'secondary' }, t('manage.cancelNo'));
  const question = h(
    'div',
    { role: 'group', 'aria-labelledby': 'cancel-question', class: 'confirm' },
    h('p', { id: 'cancel-question' }, t('manage.cancelConfirm')),
    yes,
    no,
  );
  actions.replaceChildren(question);
  yes.focus();
  no.addEventListener('click', () => navigate(self));
  yes.addEventListener('click', async () => {
    yes.disabled = true;
    try {
      await api(`${bookingPath}?${new URLSearchParams({ token })}`, { method: 'DELETE' });
      flash(t('manage.cancelled'), 'success');
    } catch (error) {
      flash(describeFailure(error), 'error');
    }
    navigate(self);
  });
}
