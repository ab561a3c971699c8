import { Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty } from '@nestjs/swagger';
import { TenantRoute } from '@amtsweg/platform';
import { appointmentsRoute } from '../../http/appointments-route';
import { CurrentTenant } from '../../tenancy/known-tenant.guard';
import type { Tenant } from '../../tenancy/tenant';
import type { Office } from '../office';
import { formatMinutes } from '../opening-hours';
import { ListOfficesHandler } from './list-offices.handler';

class AddressResponse {
  @ApiProperty({ example: 'Marktplatz 1' }) street: string;
  @ApiProperty({ example: '12345' }) postalCode: string;
  @ApiProperty({ example: 'Demostadt' }) city: string;
}

class OpeningIntervalResponse {
  @ApiProperty({ minimum: 1, maximum: 7, description: 'ISO weekday, 1 = Monday' }) weekday: number;
  @ApiProperty({ example: '08:00', description: 'Local wall-clock time' }) opens: string;
  @ApiProperty({ example: '12:00' }) closes: string;
}

export class OfficeResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Bürgerbüro Mitte' }) name: string;
  @ApiProperty({ type: AddressResponse }) address: AddressResponse;
  @ApiProperty({ example: 'Europe/Berlin' }) timeZone: string;
  @ApiProperty({ example: 15, description: 'Slots start every this many minutes from each opening' }) slotGridMinutes: number;
  @ApiProperty({ type: [OpeningIntervalResponse] }) openingHours: OpeningIntervalResponse[];
  @ApiProperty({ example: 2, description: 'Parallel desks, shared by the services offered here' }) counters: number;
  @ApiProperty({ type: String, nullable: true, example: '+49 2345 67-0' }) phone: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'buergerbuero@demo.example' }) email: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'How to get in: steps, lift, parking' }) accessibility: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'How to get there' }) directions: string | null;
}

@TenantRoute('offices', appointmentsRoute('offices'))
export class ListOfficesHttpController {
  constructor(private readonly handler: ListOfficesHandler) {}

  @Get()
  @ApiOperation({ summary: "The tenant's offices with their weekly opening hours" })
  @ApiOkResponse({ type: [OfficeResponse] })
  async list(@CurrentTenant() tenant: Tenant): Promise<OfficeResponse[]> {
    return (await this.handler.execute(tenant)).map(officeResponse);
  }
}

export function officeResponse(office: Office): OfficeResponse {
  return {
    id: office.id,
    name: office.name,
    address: { ...office.address },
    timeZone: office.timeZone,
    slotGridMinutes: office.slotGridMinutes,
    openingHours: office.openingHours
      .all()
      .map(({ weekday, opens, closes }) => ({ weekday, opens: formatMinutes(opens), closes: formatMinutes(closes) })),
    counters: office.counterIds.length,
    phone: office.phone,
    email: office.email,
    accessibility: office.accessibility,
    directions: office.directions,
  };
}
