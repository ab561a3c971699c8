import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { dataSourceToken, DomainError, PlatformConfig } from '@amtsweg/platform';
import { OutboundMailEntity } from '../outbound-mail.entity';
import { DevMailboxQuery } from './dev-mailbox.request.dto';

class DevMailboxAttachment {
  @ApiProperty() filename: string;
  @ApiProperty() contentType: string;
}

class DevMailboxMail {
  @ApiProperty() to: string;
  @ApiProperty() subject: string;
  @ApiProperty() text: string;
  @ApiProperty({ format: 'date-time' }) sentAt: string;
  @ApiProperty({ type: [DevMailboxAttachment] }) attachments: DevMailboxAttachment[];
}

/** The development mailbox (API-CONVENTIONS.md, "Mail"): what would have been mailed, newest first. */
@ApiTags('dev')
@Controller('api/v1/dev/mailbox')
export class DevMailboxHttpController {
  constructor(
    private readonly config: PlatformConfig,
    @Inject(dataSourceToken('messaging')) private readonly dataSource: DataSource,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Mails delivered to the development mailbox (not in production).' })
  @ApiOkResponse({ type: [DevMailboxMail] })
  async list(@Query() query: DevMailboxQuery): Promise<DevMailboxMail[]> {
    if (this.config.production) throw DomainError.notFound('HTTP.NOT_FOUND', 'No such resource.');
    const builder = this.dataSource
      .getRepository(OutboundMailEntity)
      .createQueryBuilder('mail')
      .where("mail.status = 'sent' AND mail.transport = 'dev-mailbox'")
      .orderBy('mail.sent_at', 'DESC')
      .addOrderBy('mail.id', 'DESC')
      .take(query.limit ?? 50);
    if (query.to) builder.andWhere('lower(mail.recipient) = lower(:to)', { to: query.to });
    const mails = await builder.getMany();
    return mails.map((mail) => ({
      to: mail.recipient,
      subject: mail.subject,
      text: mail.text,
      sentAt: new Date(mail.sentAt ?? mail.createdAt).toISOString(),
      attachments: mail.attachments.map(({ filename, contentType }) => ({ filename, contentType })),
    }));
  }
}
