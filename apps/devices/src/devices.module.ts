import { Module } from '@nestjs/common';
import { DevicesExportPartDeliveredV1 } from '@amtsweg/contracts';
import { EventingModule, KnownTenantsModule, TenantIdentityModule, tenantExportPartController } from '@amtsweg/eventing';
import { DEVICES_TRANSPORT } from './devices.transport';
import { ServiceDatabaseModule, Clock, SystemClock } from '@amtsweg/platform';
import { DEVICES, DEVICES_DATA_SOURCE, devicesDatabase } from './devices.database';
import { ImportDevicesHandler } from './import/import-devices/import-devices.handler';
import { ImportDevicesHttpController } from './import/import-devices/import-devices.http.controller';
import { DevicesPeople, ProjectedUserDirectory, UserDirectory } from './directory/user-directory';
import { PersonProjectionConsumer } from './people/person-projection.consumer';
import { HandoverOutcomeConsumer } from './handover/handover-outcome.consumer';
import { DeviceReturnRepository } from './handover/device-return.repository';
import { KitHandover } from './handover/kit-handover';
import { ReturnConfirmation } from './handover/return-confirmation';
import { DeviceEvents } from './inventory/device-events';
import { DeviceRepository } from './inventory/device.repository';
import { CreateProfileHttpController } from './provisioning/create-profile/create-profile.http.controller';
import { EnrollDeviceHandler } from './provisioning/enroll-device/enroll-device.handler';
import { EnrollDeviceHttpController } from './provisioning/enroll-device/enroll-device.http.controller';
import { GetBatchHttpController } from './provisioning/get-batch/get-batch.http.controller';
import { ListProfilesHttpController } from './provisioning/list-profiles/list-profiles.http.controller';
import { ProvisionDevicesHandler } from './provisioning/provision-devices/provision-devices.handler';
import { ProvisionDevicesHttpController } from './provisioning/provision-devices/provision-devices.http.controller';
import { ProvisioningBatches } from './provisioning/provisioning-batch';
import { ProvisioningProfiles } from './provisioning/provisioning-profile';
import { ViewRolloutHandler } from './rollout/view-rollout/view-rollout.handler';
import { ViewRolloutHttpController } from './rollout/view-rollout/view-rollout.http.controller';
import { GetDeviceHandler } from './inventory/get-device/get-device.handler';
import { ExportDevicesHandler } from './inventory/export-devices/export-devices.handler';
import { ExportDevicesHttpController } from './inventory/export-devices/export-devices.http.controller';
import { GetDeviceHttpController } from './inventory/get-device/get-device.http.controller';
import { ListDevicesHandler } from './inventory/list-devices/list-devices.handler';
import { ListDevicesHttpController } from './inventory/list-devices/list-devices.http.controller';
import { RegisterDeviceHandler } from './inventory/register-device/register-device.handler';
import { RegisterDeviceHttpController } from './inventory/register-device/register-device.http.controller';
import { TransitionDeviceHandler } from './inventory/transition-device/transition-device.handler';
import { TransitionDeviceHttpController } from './inventory/transition-device/transition-device.http.controller';
import { ApproveRequestHandler } from './request/approve-request/approve-request.handler';
import { ApproveRequestHttpController } from './request/approve-request/approve-request.http.controller';
import { DeviceRequestRepository } from './request/device-request.repository';
import { ListRequestsHandler } from './request/list-requests/list-requests.handler';
import { ListRequestsHttpController } from './request/list-requests/list-requests.http.controller';
import { RejectRequestHandler } from './request/reject-request/reject-request.handler';
import { RejectRequestHttpController } from './request/reject-request/reject-request.http.controller';
import { RequestEvents } from './request/request-events';
import { SubmitRequestHandler } from './request/submit-request/submit-request.handler';
import { SubmitRequestHttpController } from './request/submit-request/submit-request.http.controller';
import { FourEyes } from './request/four-eyes';
import { DropKitDeviceHandler } from './request/drop-kit-device/drop-kit-device.handler';
import { DropKitDeviceHttpController } from './request/drop-kit-device/drop-kit-device.http.controller';
import { KitMembership } from './request/kit-membership';
import { PutKitDeviceHandler } from './request/put-kit-device/put-kit-device.handler';
import { PutKitDeviceHttpController } from './request/put-kit-device/put-kit-device.http.controller';
import { RequestHandoverHandler } from './request/request-handover/request-handover.handler';
import { RequestHandoverHttpController } from './request/request-handover/request-handover.http.controller';
import { DeviceSettings } from './settings/device-settings';
import { DeviceSettingsHttpController } from './settings/device-settings.http.controller';

/**
 * Devices: the inventory per tenant with its strict lifecycle and history, the streamed CSV
 * import, and device requests (staff ask, it-admins approve or reject). Needs, from the process: PlatformModule and EventingModule.forRoot — `devicesUnit`
 * (devices.process.ts) runs it inside `eventDrivenProcess`.
 */
@Module({
  imports: [
    ServiceDatabaseModule.forService(devicesDatabase),
    EventingModule.forService({ service: DEVICES, dataSourceToken: DEVICES_DATA_SOURCE }),
    KnownTenantsModule.forService({ service: DEVICES, transportId: DEVICES_TRANSPORT, dataSourceToken: DEVICES_DATA_SOURCE }),
    TenantIdentityModule.forService({ service: DEVICES, transportId: DEVICES_TRANSPORT, dataSourceToken: DEVICES_DATA_SOURCE }),
  ],
  controllers: [
    // Off-boarding: its part of an export (its copy of the directory is messaging's data).
    tenantExportPartController({
      service: 'devices',
      contract: DevicesExportPartDeliveredV1,
      dataSourceToken: DEVICES_DATA_SOURCE,
      omitTables: ['person'],
    }),
    PersonProjectionConsumer,
    // `POST devices/import|provision` before `devices/:id/…` routes, so the literal paths are matched first.
    ImportDevicesHttpController,
    ProvisionDevicesHttpController,
    ListDevicesHttpController,
    // Before GetDevice: `export.csv` is no device id.
    ExportDevicesHttpController,
    RegisterDeviceHttpController,
    GetDeviceHttpController,
    TransitionDeviceHttpController,
    SubmitRequestHttpController,
    ListRequestsHttpController,
    ApproveRequestHttpController,
    RejectRequestHttpController,
    RequestHandoverHttpController,
    PutKitDeviceHttpController,
    DropKitDeviceHttpController,
    CreateProfileHttpController,
    ListProfilesHttpController,
    GetBatchHttpController,
    EnrollDeviceHttpController,
    ViewRolloutHttpController,
    DeviceSettingsHttpController,
    HandoverOutcomeConsumer,
  ],
  providers: [
    { provide: Clock, useClass: SystemClock },
    DevicesPeople,
    { provide: UserDirectory, useClass: ProjectedUserDirectory },
    DeviceRepository,
    DeviceEvents,
    ProvisioningProfiles,
    ProvisioningBatches,
    ProvisionDevicesHandler,
    EnrollDeviceHandler,
    KitHandover,
    DeviceReturnRepository,
    ReturnConfirmation,
    ViewRolloutHandler,
    RegisterDeviceHandler,
    ListDevicesHandler,
    GetDeviceHandler,
    ExportDevicesHandler,
    TransitionDeviceHandler,
    ImportDevicesHandler,
    DeviceRequestRepository,
    RequestEvents,
    SubmitRequestHandler,
    ListRequestsHandler,
    ApproveRequestHandler,
    RejectRequestHandler,
    DeviceSettings,
    FourEyes,
    KitMembership,
    RequestHandoverHandler,
    PutKitDeviceHandler,
    DropKitDeviceHandler,
  ],
})
export class DevicesModule {}
