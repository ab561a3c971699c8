/** One entry of a user's in-app inbox, as the API shows it. */
export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

/** A notification to add for one recipient, caused by one event. */
export interface NewNotification {
  tenant: string;
  recipientId: string;
  /**
   * The address a record from before the upgrade carried (issue 14, item 5). An opted-in recipient's
   * e-mail goes to the directory's address, to this one only when the directory does not know them;
   * neither → in-app only.
   */
  recipientEmail?: string;
  kind: string;
  /** German, one line: the inbox entry's headline and the mail's subject. */
  title: string;
  body: string;
  /** A path of the web UI, e.g. `/signaturen/<requestId>`. */
  link: string | null;
  sourceEventId: string;
  correlationId?: string;
  /** Notifications with the same key for the same recipient are one (e.g. one "please sign" per step). */
  dedupeKey?: string;
}
