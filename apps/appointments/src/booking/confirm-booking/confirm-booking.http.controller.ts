import { Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiQuery } from '@nestjs/swagger';
import { appointmentsRoute } from '../../http/appointments-route';
import { CurrentTenant } from '../../tenancy/known-tenant.guard';
import type { Tenant } from '../../tenancy/tenant';
import { BookingDetailsResponse, bookingDetailsResponse } from '../booking.response.dto';
import { ConfirmBookingCommand } from './confirm-booking.command';
import { ConfirmBookingHandler } from './confirm-booking.handler';
import { ProblemResponse, TenantRoute } from '@amtsweg/platform';

@TenantRoute('bookings', appointmentsRoute('bookings'))
export class ConfirmBookingHttpController {
  constructor(private readonly handler: ConfirmBookingHandler) {}

  @Post(':reference/confirm')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Confirm a held booking',
    description:
      'With the manage token from the mail. Until then the booking is `held` and lapses at `heldUntil`. Confirming a confirmed booking changes nothing.',
  })
  @ApiQuery({ name: 'token', required: true, description: 'The manage token from the mail' })
  @ApiOkResponse({ type: BookingDetailsResponse })
  @ApiConflictResponse({
    description: '`BOOKING.HOLD_LAPSED`, `BOOKING.ALREADY_CANCELLED` or `BOOKING.TRANSITION_NOT_ALLOWED`',
    type: ProblemResponse,
  })
  async confirm(
    @CurrentTenant() tenant: Tenant,
    @Param('reference') reference: string,
    @Query('token') token: unknown,
  ): Promise<BookingDetailsResponse> {
    const { booking, office, service } = await this.handler.execute(new ConfirmBookingCommand(tenant, reference, token));
    return bookingDetailsResponse(booking, office, service);
  }
}
