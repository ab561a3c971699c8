import { BookingArrivedV1, BookingAttendanceUndoneV1, BookingDoneV1, BookingNoShowV1 } from './appointments/booking-attendance.v1';
import { BookingCancelledV1 } from './appointments/booking-cancelled.v1';
import { BookingConfirmedV1 } from './appointments/booking-confirmed.v1';
import { BookingHeldV1 } from './appointments/booking-held.v1';
import { BookingLapsedV1 } from './appointments/booking-lapsed.v1';
import { BookingPersonalDataErasedV1 } from './appointments/booking-personal-data-erased.v1';
import { ReleaseDrawLostV1 } from './appointments/release-draw-lost.v1';
import { BookingRescheduledV1 } from './appointments/booking-rescheduled.v1';
import { BookingCancelledV2 } from './appointments/booking-cancelled.v2';
import { BookingConfirmedV2 } from './appointments/booking-confirmed.v2';
import { BookingHeldV2 } from './appointments/booking-held.v2';
import { BookingRescheduledV2 } from './appointments/booking-rescheduled.v2';
import { ReleaseDrawLostV2 } from './appointments/release-draw-lost.v2';
import { TenantCreatedV1 } from './appointments/tenant-created.v1';
import { TenantUpdatedV1 } from './appointments/tenant-updated.v1';
import { TenantDeletedV1 } from './appointments/tenant-deleted.v1';
import {
  DevicesExportPartDeliveredV1,
  MessagingExportPartDeliveredV1,
  SignaturesExportPartDeliveredV1,
} from './tenant-export-part-delivered.v1';
import {
  BookingSettingsUpdatedV1,
  OfficeClosureAddedV1,
  OfficeCreatedV1,
  OfficeDeletedV1,
  OfficeUpdatedV1,
  ServiceCreatedV1,
  ServiceDeletedV1,
  ServiceUpdatedV1,
} from './appointments/office-changed.v1';
import {
  AppointmentsAdminChangeRecordedV1,
  DevicesAdminChangeRecordedV1,
  MessagingAdminChangeRecordedV1,
  SignaturesAdminChangeRecordedV1,
} from './admin-audit/admin-change-recorded.v1';
import type { EventContract } from './event-contract';
import { HandoverRequestedV1 } from './devices/handover-requested.v1';
import { DeviceRequestApprovedV1 } from './devices/device-request-approved.v1';
import { DeviceRequestRejectedV1 } from './devices/device-request-rejected.v1';
import { DeviceRequestSubmittedV1 } from './devices/device-request-submitted.v1';
import { DeviceHandedOverV1 } from './devices/device-handed-over.v1';
import { DeviceProvisionedV1 } from './devices/device-provisioned.v1';
import { DeviceRetiredV1 } from './devices/device-retired.v1';
import { DeviceReturnedV1 } from './devices/device-returned.v1';
import { ConversationReadV1 } from './messaging/conversation-read.v1';
import { MessageDeletedV1 } from './messaging/message-deleted.v1';
import { MessageEditedV1 } from './messaging/message-edited.v1';
import { MessageReactedV1 } from './messaging/message-reacted.v1';
import { MessagePostedV1 } from './messaging/message-posted.v1';
import { NotificationCreatedV1 } from './messaging/notification-created.v1';
import { PersonDeactivatedV1 } from './messaging/person-deactivated.v1';
import { PersonUpsertedV1 } from './messaging/person-upserted.v1';
import { TenantIdentityConfiguredV1, TenantIdentityRemovedV1 } from './messaging/tenant-identity.v1';
import { SignatureRequestCompletedV1 } from './signatures/signature-request-completed.v1';
import { SignatureRequestCreatedV1 } from './signatures/signature-request-created.v1';
import { SignatureRequestExpiredV1 } from './signatures/signature-request-expired.v1';
import { SignatureRequestRejectedV1 } from './signatures/signature-request-rejected.v1';
import { SignatureRequestRemindedV1 } from './signatures/signature-request-reminded.v1';
import { SignatureRequestSignedV1 } from './signatures/signature-request-signed.v1';
import { SignatureRequestStepStartedV1 } from './signatures/signature-request-step-started.v1';
import { SignatureRequestWithdrawnV1 } from './signatures/signature-request-withdrawn.v1';
import { SignatureRequestSignerDeactivatedV1 } from './signatures/signature-request-signer-deactivated.v1';
import { SigningFactorResetV1 } from './signatures/signing-factor-reset.v1';

/** Every published contract, so a consumer can validate what arrives by its `type` alone. */
export const EVENT_CONTRACTS: readonly EventContract[] = [
  BookingConfirmedV1,
  BookingRescheduledV1,
  BookingCancelledV1,
  BookingArrivedV1,
  BookingDoneV1,
  BookingNoShowV1,
  BookingAttendanceUndoneV1,
  SignatureRequestCreatedV1,
  SignatureRequestStepStartedV1,
  SignatureRequestSignedV1,
  SignatureRequestCompletedV1,
  SignatureRequestRejectedV1,
  SignatureRequestWithdrawnV1,
  SignatureRequestExpiredV1,
  SignatureRequestRemindedV1,
  SigningFactorResetV1,
  HandoverRequestedV1,
  DeviceRequestSubmittedV1,
  DeviceRequestApprovedV1,
  DeviceRequestRejectedV1,
  DeviceProvisionedV1,
  DeviceHandedOverV1,
  DeviceReturnedV1,
  DeviceRetiredV1,
  MessagePostedV1,
  MessageEditedV1,
  MessageDeletedV1,
  MessageReactedV1,
  ConversationReadV1,
  NotificationCreatedV1,
  BookingHeldV1,
  BookingLapsedV1,
  BookingPersonalDataErasedV1,
  ReleaseDrawLostV1,
  // v2 of the booking mail events: personal data sealed for messaging; v1 above is only read (upgrade).
  BookingConfirmedV2,
  BookingRescheduledV2,
  BookingCancelledV2,
  BookingHeldV2,
  ReleaseDrawLostV2,
  // The tenant registry: compacted by slug, every record the whole state (tenant-event.ts).
  TenantCreatedV1,
  TenantUpdatedV1,
  TenantDeletedV1,
  // Off-boarding: each service's part of an export streamed to the end (appointments marks it delivered).
  MessagingExportPartDeliveredV1,
  SignaturesExportPartDeliveredV1,
  DevicesExportPartDeliveredV1,
  // Offices, services and booking settings as tenant admins change them (issue #16).
  OfficeCreatedV1,
  OfficeUpdatedV1,
  OfficeDeletedV1,
  OfficeClosureAddedV1,
  ServiceCreatedV1,
  ServiceUpdatedV1,
  ServiceDeletedV1,
  BookingSettingsUpdatedV1,
  // The people directory (compacted topic: the latest record of each person).
  PersonUpsertedV1,
  PersonDeactivatedV1,
  SignatureRequestSignerDeactivatedV1,
  // The admin audit: one contract per service's own topic (admin-change-recorded.v1.ts says why).
  AppointmentsAdminChangeRecordedV1,
  MessagingAdminChangeRecordedV1,
  SignaturesAdminChangeRecordedV1,
  DevicesAdminChangeRecordedV1,
  // Each municipality's own OIDC issuer (compacted topic keyed by the tenant: the latest record).
  TenantIdentityConfiguredV1,
  TenantIdentityRemovedV1,
];

const byType = new Map(EVENT_CONTRACTS.map((contract) => [contract.type, contract]));

export function contractForType(type: string): EventContract | undefined {
  return byType.get(type);
}
