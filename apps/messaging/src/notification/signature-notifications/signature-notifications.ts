import { DateTime } from 'luxon';
import type {
  SignatureRequestCompletedV1,
  SignatureRequestEvent,
  SignatureRequestExpiredV1,
  SignatureRequestRejectedV1,
  SignatureRequestSignerDeactivatedV1,
  SignerRefV1,
  SigningFactorResetV1,
} from '@amtsweg/contracts';
import type { CloudEvent } from '@amtsweg/eventing';
import type { NewNotification } from '../inbox/notification';

/**
 * What a signature request's events tell whom (issue 3, item 7): the signers of the step whose
 * turn it is, the pending signers on a reminder or withdrawal, the requester at the end.
 * Composed from the event alone, in German; the events name people by user id (the inbox finds an
 * opted-in recipient's address in the directory).
 */

export type SignatureNotificationKind =
  | 'signature.sign-requested'
  | 'signature.reminder'
  | 'signature.withdrawn'
  | 'signature.completed'
  | 'signature.rejected'
  | 'signature.expired'
  | 'signature.signing-factor-reset'
  | 'signature.signer-deactivated';

type Envelope = Pick<CloudEvent, 'id' | 'correlationid' | 'tenantid'>;

export function signRequested(
  envelope: Envelope,
  event: SignatureRequestEvent,
  step: number,
  signers: SignerRefV1[],
  dueAt: string,
): NewNotification[] {
  return signers.map((signer) => ({
    ...common(envelope, event, 'signature.sign-requested', signer.userId, signer.email),
    title: `Dokument zur Unterschrift: ${oneLine(event.title)}`,
    body: `Bitte unterschreiben Sie „${oneLine(event.title)}“ bis ${germanTime(dueAt)}.`,
    // created and step-started both name step 1: one "please sign" per step and signer.
    dedupeKey: `signature-request:${event.requestId}:step:${step}:sign-requested`,
  }));
}

export function reminded(envelope: Envelope, event: SignatureRequestEvent, signers: SignerRefV1[], dueAt: string): NewNotification[] {
  return signers.map((signer) => ({
    ...common(envelope, event, 'signature.reminder', signer.userId, signer.email),
    title: `Erinnerung: Dokument zur Unterschrift: ${oneLine(event.title)}`,
    body: `„${oneLine(event.title)}“ wartet noch auf Ihre Unterschrift. Die Frist endet ${germanTime(dueAt)}.`,
  }));
}

export function withdrawn(envelope: Envelope, event: SignatureRequestEvent, pendingSigners: SignerRefV1[]): NewNotification[] {
  return pendingSigners.map((signer) => ({
    ...common(envelope, event, 'signature.withdrawn', signer.userId, signer.email),
    title: `Unterschrift nicht mehr nötig: ${oneLine(event.title)}`,
    body: `Die Anfrage „${oneLine(event.title)}“ wurde zurückgezogen. Sie müssen nichts mehr unterschreiben.`,
  }));
}

export function completed(envelope: Envelope, event: SignatureRequestCompletedV1): NewNotification[] {
  return toRequester(
    envelope,
    event,
    'signature.completed',
    `Vollständig unterschrieben: ${oneLine(event.title)}`,
    `Alle Unterzeichnenden haben „${oneLine(event.title)}“ unterschrieben. Das Dokument steht zum Herunterladen bereit.`,
  );
}

export function rejected(envelope: Envelope, event: SignatureRequestRejectedV1): NewNotification[] {
  return toRequester(
    envelope,
    event,
    'signature.rejected',
    `Unterschrift abgelehnt: ${oneLine(event.title)}`,
    `„${oneLine(event.title)}“ wurde abgelehnt. Begründung: ${event.reason}`,
  );
}

export function expired(envelope: Envelope, event: SignatureRequestExpiredV1): NewNotification[] {
  return toRequester(
    envelope,
    event,
    'signature.expired',
    `Frist abgelaufen: ${oneLine(event.title)}`,
    `Die Frist für „${oneLine(event.title)}“ ist am ${germanTime(event.dueAt)} abgelaufen, bevor alle unterschrieben haben.`,
  );
}

/** To the requester: a signer who has not signed yet was deactivated and never will. */
export function signerDeactivated(envelope: Envelope, event: SignatureRequestSignerDeactivatedV1): NewNotification[] {
  return toRequester(
    envelope,
    event,
    'signature.signer-deactivated',
    `Unterschrift nicht mehr möglich: ${oneLine(event.title)}`,
    `Eine Person, die „${oneLine(event.title)}“ noch unterschreiben sollte, wurde deaktiviert und kann nicht mehr unterschreiben. Ziehen Sie die Anfrage zurück und stellen Sie sie neu.`,
  );
}

/** To the person whose second factor a tenant-admin reset: they must set it up again before they sign. */
export function signingFactorReset(envelope: Envelope, event: SigningFactorResetV1): NewNotification[] {
  return [
    {
      tenant: envelope.tenantid,
      recipientId: event.userId,
      recipientEmail: event.email,
      kind: 'signature.signing-factor-reset',
      title: 'Ihr zweiter Faktor zum Unterschreiben wurde zurückgesetzt',
      body: `Ihre Verwaltung hat Ihren zweiten Faktor am ${germanTime(event.resetAt)} zurückgesetzt. Richten Sie ihn neu ein, bevor Sie wieder unterschreiben. Haben Sie das nicht veranlasst, wenden Sie sich an Ihre Verwaltung.`,
      link: '/arbeitsplatz/zweiter-faktor',
      sourceEventId: envelope.id,
      correlationId: envelope.correlationid,
    },
  ];
}

function toRequester(
  envelope: Envelope,
  event: SignatureRequestEvent,
  kind: SignatureNotificationKind,
  title: string,
  body: string,
): NewNotification[] {
  return [{ ...common(envelope, event, kind, event.requesterId, event.requesterEmail), title, body }];
}

function common(
  envelope: Envelope,
  event: SignatureRequestEvent,
  kind: SignatureNotificationKind,
  recipientId: string,
  recipientEmail: string | undefined,
) {
  return {
    tenant: envelope.tenantid,
    recipientId,
    recipientEmail,
    kind,
    link: `/signaturen/${event.requestId}`,
    sourceEventId: envelope.id,
    correlationId: envelope.correlationid,
  };
}

/** Due dates as German offices read them. */
export function germanTime(iso: string): string {
  const at = DateTime.fromISO(iso, { zone: 'Europe/Berlin' }).setLocale('de');
  return at.isValid ? at.toFormat("d. LLLL yyyy, HH:mm 'Uhr'") : iso;
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
