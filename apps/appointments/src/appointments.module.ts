import { EventingModule, TenantErasure, TenantIdentityModule } from '@amtsweg/eventing';
import type { DataSource } from 'typeorm';
import { messagingSealProvider, ServiceDatabaseModule, Clock, SystemClock } from '@amtsweg/platform';
import { Module } from '@nestjs/common';
import { APPOINTMENTS, APPOINTMENTS_DATA_SOURCE, appointmentsDatabase } from './appointments.database';
import { APPOINTMENTS_TRANSPORT } from './appointments.transport';
import { AddressRateLimit } from '@amtsweg/platform';
import { AdminAuditLog } from './admin-audit/admin-audit-log';
import { AdminAuditConsumer } from './admin-audit/admin-audit.consumer';
import { AdminAuditRetention } from './admin-audit/admin-audit-retention.scheduler';
import { ListAdminAuditHandler } from './admin-audit/list-admin-audit/list-admin-audit.handler';
import {
  ListAdminAuditHttpController,
  ListProviderAdminAuditHttpController,
} from './admin-audit/list-admin-audit/list-admin-audit.http.controller';
import { AddressRateLimitGuard } from './bot-resistance/address-rate-limit';
import { ChallengeHttpController } from './bot-resistance/challenge.http.controller';
import { ProofOfWork } from './bot-resistance/proof-of-work';
import { ProofOfWorkGuard } from './bot-resistance/proof-of-work.guard';
import { BookSlotHandler } from './booking/book-slot/book-slot.handler';
import { BookSlotHttpController } from './booking/book-slot/book-slot.http.controller';
import { BookingCalendarFileHandler } from './booking/booking-calendar-file/booking-calendar-file.handler';
import { BookingCalendarFileHttpController } from './booking/booking-calendar-file/booking-calendar-file.http.controller';
import { BookingEvents } from './booking/booking-events';
import { BookingReferences } from './booking/booking-reference';
import { BookingRepository } from './booking/booking.repository';
import { CancelBookingHandler } from './booking/cancel-booking/cancel-booking.handler';
import { CancelBookingHttpController } from './booking/cancel-booking/cancel-booking.http.controller';
import { ConfirmBookingHandler } from './booking/confirm-booking/confirm-booking.handler';
import { ConfirmBookingHttpController } from './booking/confirm-booking/confirm-booking.http.controller';
import { LapseHolds } from './booking/lapse-holds/lapse-holds';
import { ListDayBookingsHandler } from './booking/list-day-bookings/list-day-bookings.handler';
import { ListDayBookingsHttpController } from './booking/list-day-bookings/list-day-bookings.http.controller';
import { ManagedBookings } from './booking/managed-booking';
import { PlaceBooking } from './booking/place-booking/place-booking';
import { RecordAttendanceHandler } from './booking/record-attendance/record-attendance.handler';
import { RecordAttendanceHttpController } from './booking/record-attendance/record-attendance.http.controller';
import { RescheduleBookingHandler } from './booking/reschedule-booking/reschedule-booking.handler';
import { RescheduleBookingHttpController } from './booking/reschedule-booking/reschedule-booking.http.controller';
import { ViewBookingHandler } from './booking/view-booking/view-booking.handler';
import { ViewBookingHttpController } from './booking/view-booking/view-booking.http.controller';
import { EraseCitizenData } from './data-protection/erase-citizen-data';
import { AppointmentsConfig, loadAppointmentsConfig } from './appointments.config';
import { FairBookingScheduler } from './fair-booking/fair-booking.scheduler';
import { ListOfficesHandler } from './office/list-offices/list-offices.handler';
import { ListOfficesHttpController } from './office/list-offices/list-offices.http.controller';
import { ListServicesHandler } from './office/list-services/list-services.handler';
import { ListServicesHttpController } from './office/list-services/list-services.http.controller';
import { OfficeRepository } from './office/office.repository';
import { GermanPublicHolidays, PublicHolidays } from './office/public-holidays';
import { BookingSettingsHandler } from './booking-settings/booking-settings.handler';
import { BookingSettingsHttpController } from './booking-settings/booking-settings.http.controller';
import { CancelByOffice } from './booking/cancel-by-office/cancel-by-office';
import { AddClosureHandler } from './office/add-closure/add-closure.handler';
import { AddClosureHttpController } from './office/add-closure/add-closure.http.controller';
import { CreateOfficeHandler } from './office/create-office/create-office.handler';
import { CreateOfficeHttpController } from './office/create-office/create-office.http.controller';
import { CreateServiceHandler } from './office/create-service/create-service.handler';
import { CreateServiceHttpController } from './office/create-service/create-service.http.controller';
import { DeleteOfficeHandler } from './office/delete-office/delete-office.handler';
import { DeleteOfficeHttpController } from './office/delete-office/delete-office.http.controller';
import { DeleteServiceHandler } from './office/delete-service/delete-service.handler';
import { DeleteServiceHttpController } from './office/delete-service/delete-service.http.controller';
import { OfficeWriter } from './office/office-writer';
import { ServiceWriter } from './office/service-writer';
import { UpdateOfficeHandler } from './office/update-office/update-office.handler';
import { UpdateOfficeHttpController } from './office/update-office/update-office.http.controller';
import { UpdateServiceHandler } from './office/update-service/update-service.handler';
import { UpdateServiceHttpController } from './office/update-service/update-service.http.controller';
import { AnnounceReleaseHandler } from './release/announce-release/announce-release.handler';
import { AnnounceReleaseHttpController } from './release/announce-release/announce-release.http.controller';
import { EnterReleaseHandler } from './release/enter-release/enter-release.handler';
import { EnterReleaseHttpController } from './release/enter-release/enter-release.http.controller';
import { ListReleasesHandler } from './release/list-releases/list-releases.handler';
import { ListReleasesHttpController } from './release/list-releases/list-releases.http.controller';
import { ReleasePolicyHttpController } from './release/release-policy/release-policy.http.controller';
import { ReleaseRepository } from './release/release.repository';
import { DrawResults } from './release/run-draws/draw-results';
import { RunDraws } from './release/run-draws/run-draws';
import { FindFreeSlotsHandler } from './slots/find-free-slots/find-free-slots.handler';
import { FindFreeSlotsHttpController } from './slots/find-free-slots/find-free-slots.http.controller';
import { KnownTenantGuard } from './tenancy/known-tenant.guard';
import { ListTenantsHttpController } from './tenancy/list-tenants.http.controller';
import { TenantStatisticsHandler } from './statistics/tenant-statistics/tenant-statistics.handler';
import { TenantStatisticsHttpController } from './statistics/tenant-statistics/tenant-statistics.http.controller';
import { TenantDirectory } from './tenancy/tenant-directory';
import { AnnounceEarlierTenants } from './tenancy/announce-earlier-tenants';
import { CreateTenantHandler } from './tenancy/create-tenant/create-tenant.handler';
import { CreateTenantHttpController } from './tenancy/create-tenant/create-tenant.http.controller';
import { TenantEvents } from './tenancy/tenant-events';
import { TenantPeople } from './tenancy/tenant-people/tenant-people';
import { TenantPeopleConsumer } from './tenancy/tenant-people/tenant-people.consumer';
import { AppointmentsExportPartHttpController } from './offboarding/export-part/appointments-export-part.http.controller';
import { ExportPartDeliveredConsumer } from './offboarding/export-part-delivered/export-part-delivered.consumer';
import { DeleteTenantHandler } from './offboarding/delete-tenant/delete-tenant.handler';
import { DeleteTenantHttpController } from './offboarding/delete-tenant/delete-tenant.http.controller';
import { RequestExportHttpController } from './offboarding/request-export/request-export.http.controller';
import { TenantExports } from './offboarding/tenant-exports';
import { ViewExportHttpController } from './offboarding/view-export/view-export.http.controller';
import { UpdateTenantHandler } from './tenancy/update-tenant/update-tenant.handler';
import { UpdateTenantHttpController } from './tenancy/update-tenant/update-tenant.http.controller';
import { JoinWaitingListHandler } from './waiting-list/join-waiting-list/join-waiting-list.handler';
import { JoinWaitingListHttpController } from './waiting-list/join-waiting-list/join-waiting-list.http.controller';
import { LeaveWaitingListHandler } from './waiting-list/leave-waiting-list/leave-waiting-list.handler';
import { LeaveWaitingListHttpController } from './waiting-list/leave-waiting-list/leave-waiting-list.http.controller';
import { ManagedWaitingEntries } from './waiting-list/managed-waiting-entry';
import { ViewWaitingEntryHttpController } from './waiting-list/view-waiting-entry/view-waiting-entry.http.controller';
import { WaitingEntryRepository } from './waiting-list/waiting-entry.repository';
import { WaitingListOffers } from './waiting-list/waiting-list-offers';

/**
 * Offices, opening hours, services, free slots and bookings of every tenant, with fair booking:
 * holds confirmed by mail, the waiting list, and capacity released as a draw
 * (FairBookingScheduler lapses holds, draws releases and makes offers), and the tenant registry.
 * Publishes the booking and tenant events through its outbox; consumes the directory's person events
 * (messaging) to count each tenant's people for the provider and to sign in the clerks of a
 * municipality's own issuer (whose configuration it projects too), every service's admin changes into
 * the admin audit, and the other services' reports of delivered export parts (off-boarding).
 */
@Module({
  imports: [
    ServiceDatabaseModule.forService(appointmentsDatabase),
    EventingModule.forService({ service: APPOINTMENTS, dataSourceToken: APPOINTMENTS_DATA_SOURCE }),
    // The municipalities' own issuers: a clerk signed in there is verified here too (TenantSignIn, with TenantPeople).
    TenantIdentityModule.forService({
      service: APPOINTMENTS,
      transportId: APPOINTMENTS_TRANSPORT,
      dataSourceToken: APPOINTMENTS_DATA_SOURCE,
    }),
  ],
  controllers: [
    TenantPeopleConsumer,
    ListTenantsHttpController,
    CreateTenantHttpController,
    UpdateTenantHttpController,
    ListOfficesHttpController,
    ListServicesHttpController,
    FindFreeSlotsHttpController,
    BookSlotHttpController,
    BookingCalendarFileHttpController,
    ViewBookingHttpController,
    CancelBookingHttpController,
    RescheduleBookingHttpController,
    RecordAttendanceHttpController,
    ListDayBookingsHttpController,
    ConfirmBookingHttpController,
    JoinWaitingListHttpController,
    ViewWaitingEntryHttpController,
    LeaveWaitingListHttpController,
    ReleasePolicyHttpController,
    ListReleasesHttpController,
    AnnounceReleaseHttpController,
    EnterReleaseHttpController,
    ChallengeHttpController,
    TenantStatisticsHttpController,
    // Offices, services and booking settings administered by tenant admins (issue #16).
    CreateOfficeHttpController,
    UpdateOfficeHttpController,
    DeleteOfficeHttpController,
    AddClosureHttpController,
    CreateServiceHttpController,
    UpdateServiceHttpController,
    DeleteServiceHttpController,
    BookingSettingsHttpController,
    // The admin audit of every service's admin changes (issue #16).
    ListAdminAuditHttpController,
    ListProviderAdminAuditHttpController,
    AdminAuditConsumer,
    // Off-boarding: export, the parts other services report delivered, deletion (issue #16).
    RequestExportHttpController,
    ViewExportHttpController,
    AppointmentsExportPartHttpController,
    DeleteTenantHttpController,
    ExportPartDeliveredConsumer,
  ],
  providers: [
    messagingSealProvider,
    { provide: Clock, useClass: SystemClock },
    { provide: PublicHolidays, useClass: GermanPublicHolidays },
    BookingReferences,
    TenantDirectory,
    TenantPeople,
    KnownTenantGuard,
    TenantEvents,
    CreateTenantHandler,
    UpdateTenantHandler,
    AnnounceEarlierTenants,
    OfficeRepository,
    BookingRepository,
    ManagedBookings,
    BookingEvents,
    PlaceBooking,
    ListOfficesHandler,
    ListServicesHandler,
    FindFreeSlotsHandler,
    BookSlotHandler,
    ViewBookingHandler,
    BookingCalendarFileHandler,
    CancelBookingHandler,
    RescheduleBookingHandler,
    RecordAttendanceHandler,
    ListDayBookingsHandler,
    ConfirmBookingHandler,
    WaitingEntryRepository,
    ManagedWaitingEntries,
    JoinWaitingListHandler,
    LeaveWaitingListHandler,
    WaitingListOffers,
    LapseHolds,
    EraseCitizenData,
    ReleaseRepository,
    AnnounceReleaseHandler,
    ListReleasesHandler,
    EnterReleaseHandler,
    DrawResults,
    RunDraws,
    AddressRateLimit,
    AddressRateLimitGuard,
    ProofOfWork,
    ProofOfWorkGuard,
    TenantStatisticsHandler,
    { provide: AppointmentsConfig, useFactory: () => loadAppointmentsConfig() },
    FairBookingScheduler,
    OfficeWriter,
    ServiceWriter,
    CancelByOffice,
    CreateOfficeHandler,
    UpdateOfficeHandler,
    DeleteOfficeHandler,
    AddClosureHandler,
    CreateServiceHandler,
    UpdateServiceHandler,
    DeleteServiceHandler,
    BookingSettingsHandler,
    AdminAuditLog,
    ListAdminAuditHandler,
    AdminAuditRetention,
    TenantExports,
    DeleteTenantHandler,
    {
      provide: TenantErasure,
      // The generic sweep takes every row with a `tenant` column; the registry row (keyed by slug) goes last.
      useFactory: (dataSource: DataSource) =>
        new TenantErasure(dataSource, APPOINTMENTS, {
          afterErasure: async (manager, slug) => {
            await manager.query('DELETE FROM appointments.tenant WHERE slug = $1', [slug]);
          },
        }),
      inject: [APPOINTMENTS_DATA_SOURCE],
    },
  ],
})
export class AppointmentsModule {}
