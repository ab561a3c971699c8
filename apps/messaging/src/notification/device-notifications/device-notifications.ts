import { DateTime } from 'luxon';
import type {
  DeviceEvent,
  DeviceHandedOverV1,
  DeviceProvisionedV1,
  DeviceRequestApprovedV1,
  DeviceRequestEvent,
  DeviceRequestRejectedV1,
  DeviceRequestSubmittedV1,
  DeviceRetiredV1,
  DeviceReturnedV1,
  HandoverRequestedV1,
} from '@amtsweg/contracts';
import type { CloudEvent } from '@amtsweg/eventing';
import type { DirectoryUser } from '../../directory/user-directory';
import type { NewNotification } from '../inbox/notification';
import { germanTime } from '../signature-notifications/signature-notifications';

/**
 * What a device event tells whom: the staff member it concerns (the requester, the holder, the
 * employee who is to sign) and the tenant's it-admins — never the person whose own action it was.
 * Composed from the event alone, in German, without names; the events name people by user id (the
 * inbox finds an opted-in recipient's address in the directory).
 */

export type DeviceNotificationKind =
  | 'device.request-submitted'
  | 'device.request-approved'
  | 'device.request-rejected'
  | 'device.provisioned'
  | 'device.handed-over'
  | 'device.returned'
  | 'device.retired'
  | 'device.handover-requested';

interface Message {
  title: string;
  body: string;
}

/** One event's news: a text for the staff member concerned (if any), one for the it-admins. */
export interface DeviceNews {
  kind: DeviceNotificationKind;
  link: string;
  /** Whose action it was: they are not told about it. */
  actorId: string;
  concerned?: { userId: string; email?: string; message: Message };
  admins: Message;
}

type Envelope = Pick<CloudEvent, 'id' | 'correlationid' | 'tenantid'>;

/** The news as notifications: the concerned person first, then every it-admin not yet named. */
export function addressed(envelope: Envelope, news: DeviceNews, itAdmins: DirectoryUser[]): NewNotification[] {
  const common = {
    tenant: envelope.tenantid,
    kind: news.kind,
    link: news.link,
    sourceEventId: envelope.id,
    correlationId: envelope.correlationid,
  };
  const notifications: NewNotification[] = [];
  const { concerned } = news;
  if (concerned && concerned.userId !== news.actorId) {
    notifications.push({ ...common, recipientId: concerned.userId, recipientEmail: concerned.email, ...concerned.message });
  }
  for (const admin of itAdmins) {
    if (admin.id === news.actorId || admin.id === concerned?.userId) continue;
    notifications.push({ ...common, recipientId: admin.id, recipientEmail: admin.email, ...news.admins });
  }
  return notifications;
}

export function requestSubmitted(event: DeviceRequestSubmittedV1): DeviceNews {
  const items = itemList(event);
  return {
    kind: 'device.request-submitted',
    link: requestLink(event),
    actorId: event.requesterId,
    admins: {
      title: `Neue Geräteanfrage: ${items}`,
      body: `Eine Geräteanfrage über ${items} wartet auf Ihre Entscheidung. Benötigt bis ${germanDate(event.neededBy)}.`,
    },
  };
}

export function requestApproved(event: DeviceRequestApprovedV1): DeviceNews {
  const items = itemList(event);
  return {
    kind: 'device.request-approved',
    link: requestLink(event),
    actorId: event.approvedBy,
    concerned: {
      userId: event.requesterId,
      email: event.requesterEmail,
      message: {
        title: `Geräteanfrage genehmigt: ${items}`,
        body: `Ihre Geräteanfrage über ${items} wurde genehmigt. Die Geräte sind für Sie reserviert; die IT meldet sich zur Übergabe.`,
      },
    },
    admins: {
      title: `Geräteanfrage genehmigt: ${items}`,
      body: `Die Geräteanfrage über ${items} wurde genehmigt; ${countOf(event.deviceIds.length)} reserviert.`,
    },
  };
}

export function requestRejected(event: DeviceRequestRejectedV1): DeviceNews {
  const items = itemList(event);
  const reason = oneLine(event.reason);
  return {
    kind: 'device.request-rejected',
    link: requestLink(event),
    actorId: event.rejectedBy,
    concerned: {
      userId: event.requesterId,
      email: event.requesterEmail,
      message: {
        title: `Geräteanfrage abgelehnt: ${items}`,
        body: `Ihre Geräteanfrage über ${items} wurde abgelehnt. Begründung: ${reason}`,
      },
    },
    admins: { title: `Geräteanfrage abgelehnt: ${items}`, body: `Die Geräteanfrage über ${items} wurde abgelehnt. Begründung: ${reason}` },
  };
}

export function provisioned(event: DeviceProvisionedV1): DeviceNews {
  return {
    kind: 'device.provisioned',
    link: deviceLink(event),
    actorId: event.actorId,
    admins: {
      title: `Gerät eingerichtet: ${device(event)}`,
      body: `${deviceDescription(event)} ist eingerichtet. Der Einrichtungslink gilt bis ${germanTime(event.enrollmentExpiresAt)}.`,
    },
  };
}

export function handedOver(event: DeviceHandedOverV1): DeviceNews {
  return {
    kind: 'device.handed-over',
    link: deviceLink(event),
    actorId: event.actorId,
    concerned: {
      userId: event.holderId,
      email: event.holderEmail,
      message: {
        title: `Gerät übernommen: ${device(event)}`,
        body: `Sie haben ${deviceDescription(event)} übernommen. Bitte geben Sie es zurück, wenn Sie es nicht mehr brauchen.`,
      },
    },
    admins: { title: `Gerät übergeben: ${device(event)}`, body: `${deviceDescription(event)} wurde übergeben.` },
  };
}

export function returned(event: DeviceReturnedV1): DeviceNews {
  return {
    kind: 'device.returned',
    link: deviceLink(event),
    actorId: event.actorId,
    concerned: event.previousHolderId
      ? {
          userId: event.previousHolderId,
          message: {
            title: `Rückgabe bestätigt: ${device(event)}`,
            body: `Die Rückgabe von ${deviceDescription(event)} ist bestätigt; die Daten darauf wurden gelöscht.`,
          },
        }
      : undefined,
    admins: { title: `Gerät zurückgegeben: ${device(event)}`, body: `${deviceDescription(event)} ist zurück und gelöscht.` },
  };
}

export function retired(event: DeviceRetiredV1): DeviceNews {
  const reason = event.reason ? ` Grund: ${oneLine(event.reason)}` : '';
  return {
    kind: 'device.retired',
    link: deviceLink(event),
    actorId: event.actorId,
    admins: { title: `Gerät ausgemustert: ${device(event)}`, body: `${deviceDescription(event)} wurde ausgemustert.${reason}` },
  };
}

export function handoverRequested(event: HandoverRequestedV1): DeviceNews {
  const kit = oneLine(event.kitLabel);
  const devices = countOf(event.devices.length);
  const due = event.dueAt ? ` bis ${germanTime(event.dueAt)}` : '';
  return {
    kind: 'device.handover-requested',
    link: `/geraete/uebergaben/${event.handoverId}`,
    actorId: event.requestedBy,
    concerned: {
      userId: event.employee.userId,
      email: event.employee.email,
      message: {
        title: `Geräte zur Übergabe bereit: ${kit}`,
        body: `Für Sie liegen ${devices} bereit (${kit}). Bitte unterschreiben Sie das Übergabeprotokoll${due}.`,
      },
    },
    admins: { title: `Übergabe angefragt: ${kit}`, body: `Das Übergabeprotokoll für ${kit} (${devices}) wartet auf die Unterschrift.` },
  };
}

const TYPE_NAMES: Record<string, string> = {
  laptop: 'Laptop',
  tablet: 'Tablet',
  phone: 'Smartphone',
  hotspot: 'Hotspot',
  accessory: 'Zubehör',
};

function typeName(type: string): string {
  return TYPE_NAMES[type] ?? type;
}

/** `2 × Laptop, 1 × Smartphone` */
export function itemList(event: DeviceRequestEvent): string {
  return event.items.map((item) => `${item.count} × ${typeName(item.type)}`).join(', ');
}

function countOf(n: number): string {
  return n === 1 ? '1 Gerät' : `${n} Geräte`;
}

function device(event: DeviceEvent): string {
  return `${oneLine(event.model)} (${oneLine(event.serial)})`;
}

/** `Laptop ThinkPad T14 (Seriennummer PF-123)` */
function deviceDescription(event: DeviceEvent): string {
  return `${typeName(event.type)} ${oneLine(event.model)} (Seriennummer ${oneLine(event.serial)})`;
}

function requestLink(event: DeviceRequestEvent): string {
  return `/geraete/anfragen/${event.requestId}`;
}

function deviceLink(event: DeviceEvent): string {
  return `/geraete/${event.deviceId}`;
}

function germanDate(isoDate: string): string {
  const at = DateTime.fromISO(isoDate, { zone: 'Europe/Berlin' }).setLocale('de');
  return at.isValid ? at.toFormat('d. LLLL yyyy') : isoDate;
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
