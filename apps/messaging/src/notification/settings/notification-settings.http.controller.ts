import { Body, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { Authenticated, CurrentPrincipal, type Principal, TenantRoute } from '@amtsweg/platform';
import { messagingRoute } from '../../http/messaging-route';
import { NotificationInbox } from '../inbox/notification-inbox';

export class NotificationSettings {
  @ApiProperty({ description: 'Also send my notifications by e-mail (default: false)' })
  @IsBoolean()
  email: boolean;
}

/** The caller's own notification settings. */
@TenantRoute('notification-settings', messagingRoute('notifications'))
@Authenticated()
export class NotificationSettingsHttpController {
  constructor(private readonly inbox: NotificationInbox) {}

  @Get()
  @ApiOkResponse({ type: NotificationSettings })
  async get(@CurrentPrincipal() caller: Principal): Promise<NotificationSettings> {
    return { email: await this.inbox.emailSetting(caller.tenant, caller.userId) };
  }

  @Put()
  @ApiOperation({ summary: 'Opt in to (or out of) e-mail copies of my notifications' })
  @ApiOkResponse({ type: NotificationSettings })
  async put(@CurrentPrincipal() caller: Principal, @Body() body: NotificationSettings): Promise<NotificationSettings> {
    await this.inbox.setEmail(caller.tenant, caller.userId, body.email);
    return { email: body.email };
  }
}
