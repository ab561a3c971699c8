import { Get, Header, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery } from '@nestjs/swagger';
import { TenantRoute } from '@amtsweg/platform';
import { appointmentsRoute } from '../../http/appointments-route';
import { CurrentTenant } from '../../tenancy/known-tenant.guard';
import type { Tenant } from '../../tenancy/tenant';
import { BookingDetailsResponse, bookingDetailsResponse } from '../booking.response.dto';
import { ViewBookingHandler } from './view-booking.handler';
import { ViewBookingQuery } from './view-booking.query';

@TenantRoute('bookings', appointmentsRoute('bookings'))
export class ViewBookingHttpController {
  constructor(private readonly handler: ViewBookingHandler) {}

  @Get(':reference')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'A booking, opened with its reference and manage token',
    description: 'A cancelled booking stays readable. A wrong or missing token answers 404.',
  })
  @ApiQuery({ name: 'token', required: true, description: 'The manage token' })
  @ApiOkResponse({ type: BookingDetailsResponse })
  async view(
    @CurrentTenant() tenant: Tenant,
    @Param('reference') reference: string,
    @Query('token') token: unknown,
  ): Promise<BookingDetailsResponse> {
    const { booking, office, service } = await this.handler.execute(new ViewBookingQuery(tenant, reference, token));
    return bookingDetailsResponse(booking, office, service);
  }
}
