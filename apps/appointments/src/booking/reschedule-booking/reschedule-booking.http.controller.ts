import { Body, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { appointmentsRoute } from '../../http/appointments-route';
import { CurrentTenant } from '../../tenancy/known-tenant.guard';
import type { Tenant } from '../../tenancy/tenant';
import { parseOffsetDateTime } from '../../time/offset-date-time';
import { bookingDetailsResponse, RescheduledBookingResponse } from '../booking.response.dto';
import { RescheduleBookingCommand } from './reschedule-booking.command';
import { RescheduleBookingHandler } from './reschedule-booking.handler';
import { RescheduleBookingRequest } from './reschedule-booking.request.dto';
import { ProblemResponse, TenantRoute } from '@amtsweg/platform';

@TenantRoute('bookings', appointmentsRoute('bookings'))
export class RescheduleBookingHttpController {
  constructor(private readonly handler: RescheduleBookingHandler) {}

  @Post(':reference/reschedule')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a booking to another slot', description: 'Reference and manage token stay the same.' })
  @ApiQuery({ name: 'token', required: true, description: 'The manage token' })
  @ApiOkResponse({ type: RescheduledBookingResponse })
  @ApiConflictResponse({
    description: '`BOOKING.SLOT_TAKEN`, `BOOKING.ALREADY_CANCELLED`, `BOOKING.ALREADY_STARTED`, `BOOKING.TRANSITION_NOT_ALLOWED`',
    type: ProblemResponse,
  })
  @ApiUnprocessableEntityResponse({ description: 'Not a bookable slot (as for booking)', type: ProblemResponse })
  async reschedule(
    @CurrentTenant() tenant: Tenant,
    @Param('reference') reference: string,
    @Query('token') token: unknown,
    @Body() body: RescheduleBookingRequest,
  ): Promise<RescheduledBookingResponse> {
    const { booking, office, service } = await this.handler.execute(
      new RescheduleBookingCommand(tenant, reference, token, parseOffsetDateTime(body.start)!),
    );
    return { ...bookingDetailsResponse(booking, office, service), manageToken: String(token) };
  }
}
