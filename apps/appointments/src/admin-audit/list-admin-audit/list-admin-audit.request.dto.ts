import { PageQuery } from '@amtsweg/platform';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';

/** `?limit=&cursor=` of the tenant's admin audit. */
export class ListAdminAuditQuery extends PageQuery() {}

/** The provider's admin audit: every tenant, or one with `?tenant=`. */
export class ListProviderAdminAuditQuery extends PageQuery() {
  @ApiPropertyOptional({ description: 'Only this municipality', example: 'demo' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9-]{2,63}$/, { message: 'tenant must be a tenant slug' })
  tenant?: string;
}
