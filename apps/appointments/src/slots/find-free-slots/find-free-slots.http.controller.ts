import { Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { appointmentsRoute } from '../../http/appointments-route';
import { CurrentTenant } from '../../tenancy/known-tenant.guard';
import type { Tenant } from '../../tenancy/tenant';
import { parseOffsetDateTime } from '../../time/offset-date-time';
import { FindFreeSlotsHandler } from './find-free-slots.handler';
import { FindFreeSlotsQuery } from './find-free-slots.query';
import { FindFreeSlotsRequest } from './find-free-slots.request.dto';
import { ProblemResponse, TenantRoute } from '@amtsweg/platform';

export class FreeSlotResponse {
  @ApiProperty({ example: '2026-12-01T08:15:00+01:00' }) start: string;
  @ApiProperty({ example: '2026-12-01T08:45:00+01:00' }) end: string;
  @ApiProperty({ example: 2, description: 'How many more bookings this start can take' }) remaining: number;
  @ApiPropertyOptional({ format: 'uuid', description: 'The office the slot is at; only when the query names no office' })
  officeId?: string;
}

@TenantRoute('slots', appointmentsRoute('slots'))
export class FindFreeSlotsHttpController {
  constructor(private readonly handler: FindFreeSlotsHandler) {}

  @Get()
  @ApiOperation({
    summary: 'Free slots of an office for a service, or of every office offering it',
    description:
      "Times in the office's offset. Without `officeId`: the slots of every office that offers the service, sorted by time. Past slots, slots inside the lead time or beyond the booking window, holidays and closures are not listed.",
  })
  @ApiOkResponse({ type: [FreeSlotResponse] })
  @ApiBadRequestResponse({ description: 'Malformed ids or date-times, unknown parameters', type: ProblemResponse })
  @ApiUnprocessableEntityResponse({ description: '`SLOTS.RANGE_INVERTED` or `SLOTS.RANGE_TOO_LONG`', type: ProblemResponse })
  async find(@CurrentTenant() tenant: Tenant, @Query() request: FindFreeSlotsRequest): Promise<FreeSlotResponse[]> {
    return this.handler.execute(
      new FindFreeSlotsQuery(
        tenant,
        request.officeId,
        request.serviceId,
        parseOffsetDateTime(request.from),
        parseOffsetDateTime(request.to),
      ),
    );
  }
}
