import { Body, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOperation,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { RateLimitedByAddress } from '../../bot-resistance/address-rate-limit';
import { GuardedByProofOfWork } from '../../bot-resistance/proof-of-work.guard';
import { appointmentsRoute } from '../../http/appointments-route';
import { CurrentTenant } from '../../tenancy/known-tenant.guard';
import type { Tenant } from '../../tenancy/tenant';
import { parseOffsetDateTime } from '../../time/offset-date-time';
import { BookingCreatedResponse, bookingResponse } from '../booking.response.dto';
import { BookSlotCommand } from './book-slot.command';
import { BookSlotHandler } from './book-slot.handler';
import { BookSlotRequest } from './book-slot.request.dto';
import { ProblemResponse, TenantRoute } from '@amtsweg/platform';

@TenantRoute('bookings', appointmentsRoute('bookings'))
export class BookSlotHttpController {
  constructor(private readonly handler: BookSlotHandler) {}

  @Post()
  @HttpCode(201)
  @RateLimitedByAddress()
  @GuardedByProofOfWork()
  @ApiOperation({
    summary: 'Book a slot',
    description:
      'Answers the manage token once; keep it — it is the only key to the booking. Where the tenant holds bookings for confirmation, the answer is `held` with `heldUntil` and no token: the token is mailed, and confirming with it (`POST …/confirm?token=`) makes the booking `confirmed`; an unconfirmed hold lapses.',
  })
  @ApiCreatedResponse({ type: BookingCreatedResponse })
  @ApiBadRequestResponse({ description: 'Malformed JSON, missing, unknown or invalid fields', type: ProblemResponse })
  @ApiConflictResponse({ description: '`BOOKING.SLOT_TAKEN` or `BOOKING.EMAIL_LIMIT_REACHED`', type: ProblemResponse })
  @ApiUnprocessableEntityResponse({
    description:
      'Not a bookable slot: `BOOKING.NOT_ON_GRID`, `OUTSIDE_OPENING_HOURS`, `OFFICE_CLOSED`, `IN_PAST`, `INSIDE_LEAD_TIME`, `BEYOND_WINDOW`',
    type: ProblemResponse,
  })
  async book(@CurrentTenant() tenant: Tenant, @Body() body: BookSlotRequest): Promise<BookingCreatedResponse> {
    const command = new BookSlotCommand(tenant, body.officeId, body.serviceId, parseOffsetDateTime(body.start)!, {
      name: body.citizen.name,
      email: body.citizen.email,
    });
    const { booking, manageToken, timeZone } = await this.handler.execute(command);
    return { ...bookingResponse(booking, timeZone), ...(manageToken ? { manageToken } : {}) };
  }
}
