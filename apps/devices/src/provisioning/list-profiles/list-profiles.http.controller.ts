import { Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, TenantRoute } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { DEVICES_DATA_SOURCE } from '../../devices.database';
import { DEVICES_ROUTE } from '../../http/devices-route';
import { profileView, ProfileView } from '../profile.response.dto';
import { ProvisioningProfiles } from '../provisioning-profile';

@TenantRoute('provisioning-profiles', DEVICES_ROUTE)
export class ListProfilesHttpController {
  constructor(
    @Inject(DEVICES_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly profiles: ProvisioningProfiles,
  ) {}

  @Get()
  @Authenticated('it-admin')
  @ApiOperation({ summary: 'The tenant’s provisioning profiles (a bare array, by name)' })
  @ApiOkResponse({ type: [ProfileView] })
  async list(@CurrentPrincipal() principal: Principal): Promise<ProfileView[]> {
    return (await this.profiles.list(this.dataSource.manager, principal.tenant)).map(profileView);
  }
}
