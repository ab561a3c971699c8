import { ApiProperty } from '@nestjs/swagger';
import type { ProvisioningProfile } from './provisioning-profile';

export class ProfileView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Standard Verwaltung' }) name: string;
  @ApiProperty({ type: Object, description: '`{ wifi: [...], vpn, mail, apps: [...] }`' }) configuration: object;
  @ApiProperty() createdBy: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export function profileView(profile: ProvisioningProfile): ProfileView {
  return {
    id: profile.id,
    name: profile.name,
    configuration: profile.configuration,
    createdBy: profile.createdBy,
    createdAt: profile.createdAt.toISOString(),
  };
}
