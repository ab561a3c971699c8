/** One file attached to a mail, stored as text (calendar files are all we attach). */
export interface MailAttachment {
  filename: string;
  /** Full header value, e.g. `text/calendar; charset=utf-8; method=PUBLISH`. */
  contentType: string;
  content: string;
}

/** A composed mail, ready to be logged and sent. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  attachments: MailAttachment[];
}

/** A mail from the outbound log: its id is also its Message-ID, so a resend can be recognised. */
export interface LoggedMail extends Mail {
  id: string;
}
