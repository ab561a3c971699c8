import { Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty } from '@nestjs/swagger';
import { TenantRoute } from '@amtsweg/platform';
import { appointmentsRoute } from '../../http/appointments-route';
import { CurrentTenant } from '../../tenancy/known-tenant.guard';
import type { Tenant } from '../../tenancy/tenant';
import type { Service } from '../office';
import { ListServicesHandler } from './list-services.handler';

class FeeResponse {
  @ApiProperty({ example: 3780 }) amountCents: number;
  @ApiProperty({ example: 'unter 24 Jahren 22,80 €' }) note: string;
}

export class ServiceResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Personalausweis beantragen' }) name: string;
  @ApiProperty({ example: 30 }) durationMinutes: number;
  @ApiProperty({ type: [String], format: 'uuid', description: 'The offices that offer it: only there can it be booked' })
  officeIds: string[];
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: [String], example: ['Altes Ausweisdokument', 'Biometrisches Passfoto'], description: 'What to bring' })
  documents: string[];
  @ApiProperty({ type: FeeResponse, nullable: true }) fee: FeeResponse | null;
}

export function serviceResponse(service: Service): ServiceResponse {
  const { id, name, durationMinutes, officeIds, description, documents, fee } = service;
  return { id, name, durationMinutes, officeIds, description, documents, fee: fee ? { ...fee } : null };
}

@TenantRoute('services', appointmentsRoute('offices'))
export class ListServicesHttpController {
  constructor(private readonly handler: ListServicesHandler) {}

  @Get()
  @ApiOperation({ summary: 'What citizens can book, and how long it takes' })
  @ApiOkResponse({ type: [ServiceResponse] })
  async list(@CurrentTenant() tenant: Tenant): Promise<ServiceResponse[]> {
    return (await this.handler.execute(tenant)).map(serviceResponse);
  }
}
