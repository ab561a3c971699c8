import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { TenantDirectory } from './tenant-directory';

export class TenantSummaryResponse {
  @ApiProperty({ example: 'demo', description: 'The path segment of every tenant route' }) slug: string;
  @ApiProperty({ example: 'Demostadt' }) name: string;
}

/** Public: the municipalities citizens can book with, for the start page. Nothing but slug and name. */
@ApiTags('offices')
@Controller('api/v1/tenants')
export class ListTenantsHttpController {
  constructor(private readonly tenants: TenantDirectory) {}

  @Get()
  @ApiOperation({ summary: 'The municipalities that take bookings' })
  @ApiOkResponse({ type: [TenantSummaryResponse] })
  async list(): Promise<TenantSummaryResponse[]> {
    return (await this.tenants.all()).map(({ slug, name }) => ({ slug, name }));
  }
}
