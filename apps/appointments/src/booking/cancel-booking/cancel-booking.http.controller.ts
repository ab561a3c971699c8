import { Delete, HttpCode, Param, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiNoContentResponse, ApiOperation, ApiQuery } from '@nestjs/swagger';
import { appointmentsRoute } from '../../http/appointments-route';
import { CurrentTenant } from '../../tenancy/known-tenant.guard';
import type { Tenant } from '../../tenancy/tenant';
import { CancelBookingCommand } from './cancel-booking.command';
import { CancelBookingHandler } from './cancel-booking.handler';
import { ProblemResponse, TenantRoute } from '@amtsweg/platform';

@TenantRoute('bookings', appointmentsRoute('bookings'))
export class CancelBookingHttpController {
  constructor(private readonly handler: CancelBookingHandler) {}

  @Delete(':reference')
  @HttpCode(204)
  @ApiOperation({ summary: 'Cancel a booking', description: 'The slot is free again at once.' })
  @ApiQuery({ name: 'token', required: true, description: 'The manage token' })
  @ApiNoContentResponse({ description: 'Cancelled' })
  @ApiConflictResponse({
    description: '`BOOKING.ALREADY_CANCELLED`, `BOOKING.ALREADY_STARTED` or `BOOKING.TRANSITION_NOT_ALLOWED`',
    type: ProblemResponse,
  })
  async cancel(@CurrentTenant() tenant: Tenant, @Param('reference') reference: string, @Query('token') token: unknown): Promise<void> {
    await this.handler.execute(new CancelBookingCommand(tenant, reference, token));
  }
}
