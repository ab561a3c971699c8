import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { MailAttachment } from './mail';

export type OutboundMailStatus = 'pending' | 'sent' | 'failed';
export type MailTransportName = 'smtp' | 'dev-mailbox';

/** One row of `messaging.outbound_mail`: a mail to send, or sent, or given up on. */
@Entity({ name: 'outbound_mail' })
export class OutboundMailEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') tenant: string;
  /** The event that caused the mail; with the recipient, what makes a mail happen once. */
  @Column('text', { name: 'event_id' }) eventId: string;
  @Column('text', { name: 'correlation_id', nullable: true }) correlationId: string | null;
  @Column('text') recipient: string;
  @Column('text') subject: string;
  @Column('text') text: string;
  @Column('jsonb') attachments: MailAttachment[];
  @Column('text') status: OutboundMailStatus;
  @Column('integer') attempts: number;
  @Column('timestamptz', { name: 'next_attempt_at' }) nextAttemptAt: Date;
  /** An error code, never a server's message (it can quote the recipient). */
  @Column('text', { name: 'last_error', nullable: true }) lastError: string | null;
  @Column('text', { nullable: true }) transport: MailTransportName | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'sent_at', nullable: true }) sentAt: Date | null;
}
