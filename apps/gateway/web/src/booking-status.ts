import { t, type MessageKey } from './i18n.js';

const STATUS_TEXT: Record<string, MessageKey> = {
  held: 'manage.status.held',
  confirmed: 'manage.status.confirmed',
  arrived: 'manage.status.arrived',
  done: 'manage.status.done',
  no_show: 'manage.status.no_show',
  cancelled: 'manage.status.cancelled',
  lapsed: 'manage.status.lapsed',
};

/** A booking status as people read it; an unknown (newer) status shows as the API names it. */
export function bookingStatusText(status: string): string {
  const key = STATUS_TEXT[status];
  return key ? t(key) : status;
}
