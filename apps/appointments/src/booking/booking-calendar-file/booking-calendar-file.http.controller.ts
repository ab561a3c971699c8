import { Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiOkResponse, ApiQuery } from '@nestjs/swagger';
import type { Response } from 'express';
import { appointmentsRoute } from '../../http/appointments-route';
import { CurrentTenant } from '../../tenancy/known-tenant.guard';
import type { Tenant } from '../../tenancy/tenant';
import { CALENDAR_CONTENT_TYPE, TenantRoute } from '@amtsweg/platform';
import { ViewBookingQuery } from '../view-booking/view-booking.query';
import { BookingCalendarFileHandler } from './booking-calendar-file.handler';

@TenantRoute('bookings', appointmentsRoute('bookings'))
export class BookingCalendarFileHttpController {
  constructor(private readonly handler: BookingCalendarFileHandler) {}

  @Get(':reference/calendar.ics')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'The booking as an iCalendar (RFC 5545) file' })
  @ApiQuery({ name: 'token', required: true, description: 'The manage token' })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'VCALENDAR with one VEVENT, times in UTC', schema: { type: 'string' } })
  async calendarFile(
    @CurrentTenant() tenant: Tenant,
    @Param('reference') reference: string,
    @Query('token') token: unknown,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const { reference: normalised, file } = await this.handler.execute(new ViewBookingQuery(tenant, reference, token));
    response.setHeader('Content-Type', CALENDAR_CONTENT_TYPE);
    response.setHeader('Content-Disposition', `attachment; filename="termin-${normalised}.ics"`);
    return file;
  }
}
