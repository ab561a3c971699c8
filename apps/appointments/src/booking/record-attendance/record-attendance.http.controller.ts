import { Authenticated, ProblemResponse, TenantRoute } from '@amtsweg/platform';
import { Body, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { appointmentsRoute } from '../../http/appointments-route';
import { CurrentTenant } from '../../tenancy/known-tenant.guard';
import type { Tenant } from '../../tenancy/tenant';
import { ClerkBookingResponse, clerkBookingResponse } from '../booking.response.dto';
import { RecordAttendanceCommand } from './record-attendance.command';
import { RecordAttendanceHandler } from './record-attendance.handler';
import { RecordAttendanceRequest } from './record-attendance.request.dto';

@TenantRoute('bookings', appointmentsRoute('clerk'))
export class RecordAttendanceHttpController {
  constructor(private readonly handler: RecordAttendanceHandler) {}

  @Post(':reference/attendance')
  @HttpCode(200)
  @Authenticated('clerk')
  @ApiOperation({
    summary: 'Record whether the citizen came',
    description:
      "confirmed → arrived → done; confirmed → no_show; `confirmed` undoes arrived, done or no_show. Only on the booking's day in the office's time zone.",
  })
  @ApiOkResponse({ type: ClerkBookingResponse })
  @ApiUnauthorizedResponse({ description: 'No or invalid bearer token', type: ProblemResponse })
  @ApiForbiddenResponse({ description: 'Not a clerk', type: ProblemResponse })
  @ApiConflictResponse({ description: '`BOOKING.TRANSITION_NOT_ALLOWED`, `BOOKING.NOT_TODAY`', type: ProblemResponse })
  async record(
    @CurrentTenant() tenant: Tenant,
    @Param('reference') reference: string,
    @Body() body: RecordAttendanceRequest,
  ): Promise<ClerkBookingResponse> {
    const { booking, office, service } = await this.handler.execute(new RecordAttendanceCommand(tenant, reference, body.status));
    return clerkBookingResponse(booking, office, service);
  }
}
