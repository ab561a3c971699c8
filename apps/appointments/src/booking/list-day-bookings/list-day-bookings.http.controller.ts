import { Authenticated, PageResponse, ProblemResponse, TenantRoute, UuidPipe } from '@amtsweg/platform';
import { Get, Param, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { appointmentsRoute } from '../../http/appointments-route';
import { CurrentTenant } from '../../tenancy/known-tenant.guard';
import type { Tenant } from '../../tenancy/tenant';
import { ClerkBookingResponse, clerkBookingResponse } from '../booking.response.dto';
import { ListDayBookingsHandler } from './list-day-bookings.handler';
import { ListDayBookingsQuery } from './list-day-bookings.query';
import { ListDayBookingsRequest } from './list-day-bookings.request.dto';

export class DayBookingsResponse extends PageResponse(ClerkBookingResponse) {}

@TenantRoute('offices', appointmentsRoute('clerk'))
export class ListDayBookingsHttpController {
  constructor(private readonly handler: ListDayBookingsHandler) {}

  @Get(':officeId/bookings')
  @Authenticated('clerk')
  @ApiOperation({ summary: "An office's bookings on one day", description: 'Every status, ordered by start, with the citizen’s name.' })
  @ApiOkResponse({ type: DayBookingsResponse })
  @ApiUnauthorizedResponse({ description: 'No or invalid bearer token', type: ProblemResponse })
  @ApiForbiddenResponse({ description: 'Not a clerk', type: ProblemResponse })
  async list(
    @CurrentTenant() tenant: Tenant,
    @Param('officeId', UuidPipe) officeId: string,
    @Query() request: ListDayBookingsRequest,
  ): Promise<DayBookingsResponse> {
    const { office, services, bookings, nextCursor } = await this.handler.execute(
      new ListDayBookingsQuery(tenant, officeId, request.date, request.limit, request.cursor),
    );
    return {
      items: bookings.map((booking) => clerkBookingResponse(booking, office, services.get(booking.serviceId) ?? { name: '' })),
      nextCursor,
    };
  }
}
