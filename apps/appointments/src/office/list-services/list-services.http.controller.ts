import { Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty } from '@nestjs/swagger';
import { TenantRoute } from '@amtsweg/platform';
import { appointmentsRoute } from '../../http/appointments-route';
import { CurrentTenant } from '../../tenancy/known-tenant.guard';
import type { Tenant } from '../../tenancy/tenant';
import { ListServicesHandler } from './list-services.handler';

export class ServiceResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Personalausweis beantragen' }) name: string;
  @ApiProperty({ example: 30 }) durationMinutes: number;
}

@TenantRoute('services', appointmentsRoute('offices'))
export class ListServicesHttpController {
  constructor(private readonly handler: ListServicesHandler) {}

  @Get()
  @ApiOperation({ summary: 'What citizens can book, and how long it takes' })
  @ApiOkResponse({ type: [ServiceResponse] })
  async list(@CurrentTenant() tenant: Tenant): Promise<ServiceResponse[]> {
    return (await this.handler.execute(tenant)).map(({ id, name, durationMinutes }) => ({ id, name, durationMinutes }));
  }
}
