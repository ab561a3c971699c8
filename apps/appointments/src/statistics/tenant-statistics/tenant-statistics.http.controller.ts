import { Authenticated, ProblemResponse, TenantRoute } from '@amtsweg/platform';
import { Get, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { IsISO8601, Matches } from 'class-validator';
import { appointmentsRoute } from '../../http/appointments-route';
import { CurrentTenant } from '../../tenancy/known-tenant.guard';
import type { Tenant } from '../../tenancy/tenant';
import { TenantStatisticsHandler, type OfficeWeek } from './tenant-statistics.handler';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class TenantStatisticsRequest {
  @ApiProperty({ example: '2026-11-30', description: 'A day of the first week' })
  @Matches(ISO_DATE, { message: 'from must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  from: string;

  @ApiProperty({ example: '2026-12-27', description: 'A day of the last week (at most 26 weeks)' })
  @Matches(ISO_DATE, { message: 'to must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  to: string;
}

export class OfficeWeekResponse implements OfficeWeek {
  @ApiProperty({ format: 'uuid' }) officeId: string;
  @ApiProperty() officeName: string;
  @ApiProperty({ example: '2026-11-30', description: 'Monday of the week' }) week: string;
  @ApiProperty({ description: 'Counter time open for booking, in slots of the office grid' }) slotsOffered: number;
  @ApiProperty({ description: 'Confirmed, arrived, done or no-show' }) booked: number;
  @ApiProperty({ description: 'Holds still waiting for confirmation' }) held: number;
  @ApiProperty({ description: 'Holds nobody confirmed in time' }) lapsed: number;
  @ApiProperty() cancelled: number;
  @ApiProperty() noShows: number;
  @ApiProperty({ description: 'Slots offered from the waiting list' }) waitingListOffers: number;
  @ApiProperty({ description: '… of which the citizen confirmed' }) waitingListOffersTaken: number;
}

@TenantRoute('statistics', appointmentsRoute('statistics'))
export class TenantStatisticsHttpController {
  constructor(private readonly handler: TenantStatisticsHandler) {}

  @Get()
  @Authenticated('tenant-admin')
  @ApiOperation({
    summary: 'Appointments per office and week',
    description: 'Counts only: no personal data. By the week in which the appointment lies.',
  })
  @ApiOkResponse({ type: [OfficeWeekResponse] })
  @ApiUnauthorizedResponse({ description: 'No or invalid bearer token', type: ProblemResponse })
  @ApiForbiddenResponse({ description: 'Not a tenant admin', type: ProblemResponse })
  async statistics(@CurrentTenant() tenant: Tenant, @Query() query: TenantStatisticsRequest): Promise<OfficeWeekResponse[]> {
    return this.handler.execute(tenant, query.from, query.to);
  }
}
