import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';
import type { OfficeSummary, Service } from '../../office/office';
import { OfficeRepository } from '../../office/office.repository';
import type { BookingEntity } from '../booking.entity';
import { ManagedBookings } from '../managed-booking';
import type { ViewBookingQuery } from './view-booking.query';

export interface ViewedBooking {
  booking: BookingEntity;
  office: OfficeSummary;
  service: Service;
}

@Injectable()
export class ViewBookingHandler {
  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly managed: ManagedBookings,
    private readonly offices: OfficeRepository,
  ) {}

  async execute(query: ViewBookingQuery): Promise<ViewedBooking> {
    const manager = this.dataSource.manager;
    const booking = await this.managed.open(manager, query.tenant.slug, query.reference, query.token);
    const office = await this.offices.requireSummary(manager, query.tenant.slug, booking.officeId);
    const service = await this.offices.requireService(manager, query.tenant.slug, booking.serviceId);
    return { booking, office, service };
  }
}
