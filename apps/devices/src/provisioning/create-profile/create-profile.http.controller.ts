import { Body, Inject, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiOperation } from '@nestjs/swagger';
import {
  Authenticated,
  CurrentPrincipal,
  DomainError,
  newId,
  PgError,
  type Principal,
  ProblemResponse,
  sqlState,
  TenantRoute,
  Clock,
} from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { DEVICES_DATA_SOURCE } from '../../devices.database';
import { DEVICES_ROUTE } from '../../http/devices-route';
import { profileView, ProfileView } from '../profile.response.dto';
import { ProvisioningProfiles, type ProvisioningProfile } from '../provisioning-profile';
import { CreateProfileBody } from './create-profile.request.dto';

@TenantRoute('provisioning-profiles', DEVICES_ROUTE)
export class CreateProfileHttpController {
  constructor(
    @Inject(DEVICES_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly profiles: ProvisioningProfiles,
    private readonly clock: Clock,
  ) {}

  @Post()
  @Authenticated('it-admin')
  @ApiOperation({ summary: 'Create a provisioning profile: Wi-Fi, VPN, mail, apps' })
  @ApiCreatedResponse({ type: ProfileView })
  @ApiForbiddenResponse({ description: 'Not an it-admin', type: ProblemResponse })
  @ApiConflictResponse({ description: '`PROFILE.NAME_TAKEN`', type: ProblemResponse })
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateProfileBody): Promise<ProfileView> {
    const profile: ProvisioningProfile = {
      id: newId(),
      tenant: principal.tenant,
      name: body.name.trim(),
      configuration: {
        wifi: (body.wifi ?? []).map((w) => ({ ...w })),
        vpn: body.vpn ? { ...body.vpn } : null,
        mail: body.mail ? { ...body.mail } : null,
        apps: [...body.apps],
      },
      createdBy: principal.userId,
      createdAt: this.clock.now(),
    };
    try {
      await this.dataSource.transaction((manager) => this.profiles.insert(manager, profile));
    } catch (error) {
      if (sqlState(error) === PgError.uniqueViolation)
        throw DomainError.conflict('PROFILE.NAME_TAKEN', `Ein Profil „${profile.name}“ gibt es schon.`);
      throw error;
    }
    return profileView(profile);
  }
}
