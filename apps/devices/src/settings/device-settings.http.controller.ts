import { AdminAudit } from '@amtsweg/eventing';
import { Body, Get, Inject, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import {
  Authenticated,
  CurrentAdmin,
  CurrentPrincipal,
  type AdminActor,
  type Principal,
  ProblemResponse,
  TenantRoute,
  Clock,
} from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { DEVICES_DATA_SOURCE } from '../devices.database';
import { DEVICES_ROUTE } from '../http/devices-route';
import { DeviceSettings, type TenantDeviceSettings } from './device-settings';

export class DeviceSettingsBody {
  @ApiProperty({
    description:
      'Whether the requester may approve or reject their own device request (for a tenant with a single it-admin). Default false.',
    example: false,
  })
  @IsBoolean()
  allowOwnRequestDecision: boolean;
}

class DeviceSettingsChangeView {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ description: 'The tenant-admin who changed it' }) actor: string;
  @ApiProperty() allowOwnRequestDecision: boolean;
}

class DeviceSettingsView extends DeviceSettingsBody {
  @ApiProperty({ type: [DeviceSettingsChangeView], description: 'Who changed the settings when, newest first (the last 50)' })
  changes: DeviceSettingsChangeView[];
}

/** The municipality's device settings: its tenant-admins read and change them; every change is kept. */
@TenantRoute('device-settings', DEVICES_ROUTE)
@Authenticated('tenant-admin')
export class DeviceSettingsHttpController {
  constructor(
    @Inject(DEVICES_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly settings: DeviceSettings,
    private readonly clock: Clock,
    private readonly audit: AdminAudit,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The tenant’s device settings with their change history (tenant-admin)' })
  @ApiOkResponse({ type: DeviceSettingsView })
  @ApiForbiddenResponse({ description: 'Not a tenant-admin', type: ProblemResponse })
  async get(@CurrentPrincipal() caller: Principal): Promise<DeviceSettingsView> {
    return view(await this.settings.get(this.dataSource.manager, caller.tenant));
  }

  @Put()
  @ApiOperation({ summary: 'Change the tenant’s device settings (tenant-admin); the change is recorded with who and when' })
  @ApiOkResponse({ type: DeviceSettingsView })
  @ApiBadRequestResponse({ description: '`allowOwnRequestDecision` missing or not a boolean', type: ProblemResponse })
  @ApiForbiddenResponse({ description: 'Not a tenant-admin', type: ProblemResponse })
  async put(
    @CurrentPrincipal() caller: Principal,
    @Body() body: DeviceSettingsBody,
    @CurrentAdmin() actor: AdminActor,
  ): Promise<DeviceSettingsView> {
    return view(
      await this.dataSource.transaction(async (manager) => {
        const before = await this.settings.get(manager, caller.tenant);
        await this.settings.change(
          manager,
          caller.tenant,
          { allowOwnRequestDecision: body.allowOwnRequestDecision },
          caller.userId,
          this.clock.now(),
        );
        const after = await this.settings.get(manager, caller.tenant);
        await this.audit.record(manager, {
          tenant: caller.tenant,
          actor,
          action: 'device-settings.replaced',
          subject: { type: 'device-settings', id: caller.tenant },
          before: { allowOwnRequestDecision: before.allowOwnRequestDecision },
          after: { allowOwnRequestDecision: after.allowOwnRequestDecision },
        });
        return after;
      }),
    );
  }
}

function view(settings: TenantDeviceSettings): DeviceSettingsView {
  return {
    allowOwnRequestDecision: settings.allowOwnRequestDecision,
    changes: settings.changes.map((change) => ({
      at: change.at.toISOString(),
      actor: change.actor,
      allowOwnRequestDecision: change.allowOwnRequestDecision,
    })),
  };
}
