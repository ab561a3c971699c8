import { Body, Get, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import {
  Authenticated,
  CurrentAdmin,
  CurrentPrincipal,
  type AdminActor,
  type Principal,
  ProblemResponse,
  TenantRoute,
} from '@amtsweg/platform';
import { messagingRoute } from '../http/messaging-route';
import { MessagingSettings } from './messaging-settings';

export class MessagingSettingsBody {
  @ApiProperty({
    description: 'Conversation messages older than this many days are deleted (a scheduled job, at least hourly). Default 365.',
    minimum: 1,
    maximum: 3650,
    example: 365,
  })
  @IsInt()
  @Min(1)
  @Max(3650)
  messageRetentionDays: number;
}

/** The municipality's messaging settings: everyone may read them, its tenant-admins change them. */
@TenantRoute('messaging-settings', messagingRoute())
@Authenticated()
export class MessagingSettingsHttpController {
  constructor(private readonly settings: MessagingSettings) {}

  @Get()
  @ApiOkResponse({ type: MessagingSettingsBody })
  get(@CurrentPrincipal() caller: Principal): Promise<MessagingSettingsBody> {
    return this.settings.get(caller.tenant);
  }

  @Put()
  @Authenticated('tenant-admin')
  @ApiOperation({ summary: 'Set how long conversation messages are kept (tenant-admin)' })
  @ApiOkResponse({ type: MessagingSettingsBody })
  @ApiBadRequestResponse({ description: 'Not a whole number of days from 1 to 3650', type: ProblemResponse })
  @ApiForbiddenResponse({ description: 'The caller is not a tenant-admin', type: ProblemResponse })
  put(
    @CurrentPrincipal() caller: Principal,
    @Body() body: MessagingSettingsBody,
    @CurrentAdmin() actor: AdminActor,
  ): Promise<MessagingSettingsBody> {
    return this.settings.set(caller.tenant, { messageRetentionDays: body.messageRetentionDays }, actor);
  }
}
