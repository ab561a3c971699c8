import { Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { Authenticated, CurrentPrincipal, DomainError, PageQuery, type Principal, TenantRoute, UuidPipe } from '@amtsweg/platform';
import { messagingRoute } from '../../http/messaging-route';
import { NotificationInbox } from './notification-inbox';

export class NotificationsQuery extends PageQuery() {
  @ApiPropertyOptional({ description: 'true: only unread ones' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

class NotificationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'signature.sign-requested' }) kind: string;
  @ApiProperty({ example: 'Dokument zur Unterschrift: Dienstvereinbarung Homeoffice' }) title: string;
  @ApiProperty() body: string;
  @ApiProperty({ type: String, nullable: true, example: '/signaturen/0190a000-0000-7000-8000-0000000000aa' }) link: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readAt: string | null;
}

class NotificationPageResponse {
  @ApiProperty({ type: [NotificationResponse] }) items: NotificationResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
  @ApiProperty({ description: "All of the caller's unread notifications, not only this page's" }) unreadCount: number;
}

/** The caller's own in-app inbox (any role). Someone else's notification answers 404. */
@TenantRoute('notifications', messagingRoute('notifications'))
@Authenticated()
export class NotificationsHttpController {
  constructor(private readonly inbox: NotificationInbox) {}

  @Get()
  @ApiOperation({ summary: 'My notifications, newest first, with my unread count' })
  @ApiOkResponse({ type: NotificationPageResponse })
  async list(@CurrentPrincipal() caller: Principal, @Query() query: NotificationsQuery): Promise<NotificationPageResponse> {
    return this.inbox.list(caller.tenant, caller.userId, query);
  }

  // Declared before ':id/read' for readability; the paths differ in length anyway.
  @Post('read-all')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark all my notifications read' })
  @ApiNoContentResponse()
  async readAll(@CurrentPrincipal() caller: Principal): Promise<void> {
    await this.inbox.markAllRead(caller.tenant, caller.userId);
  }

  @Post(':id/read')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark one of my notifications read' })
  @ApiNoContentResponse()
  async read(@CurrentPrincipal() caller: Principal, @Param('id', UuidPipe) id: string): Promise<void> {
    if (!(await this.inbox.markRead(caller.tenant, caller.userId, id)))
      throw DomainError.notFound('NOTIFICATION.NOT_FOUND', 'No such notification.');
  }
}
