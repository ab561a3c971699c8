import { Body, HttpCode, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, ProblemResponse, TenantRoute } from '@amtsweg/platform';
import { DEVICES_ROUTE } from '../../http/devices-route';
import { batchProgressView } from '../provisioning-batch.response.dto';
import { ProvisionDevicesHandler } from './provision-devices.handler';
import { ProvisionDevicesBody, ProvisionDevicesView } from './provision-devices.request.dto';

@TenantRoute('devices', DEVICES_ROUTE)
export class ProvisionDevicesHttpController {
  constructor(private readonly handler: ProvisionDevicesHandler) {}

  @Post('provision')
  @HttpCode(200)
  @Authenticated('it-admin')
  @ApiOperation({
    summary: 'Bulk provisioning: bind one profile to N reserved devices and issue one-time enrollment links with QR codes',
    description:
      'Runs as a batch in chunks; `GET /provisioning-batches/{batchId}` shows the progress meanwhile (pass your own `batchId` to follow it). ' +
      'Answers the batch and, per provisioned device, its enrollment link and the link as an SVG QR code — both only here.',
  })
  @ApiOkResponse({ type: ProvisionDevicesView })
  @ApiForbiddenResponse({ description: 'Not an it-admin', type: ProblemResponse })
  @ApiConflictResponse({
    description: '`DEVICE.TRANSITION_NOT_ALLOWED`: a device is not reserved (nothing provisioned); `PROVISIONING.BATCH_EXISTS`',
    type: ProblemResponse,
  })
  @ApiUnprocessableEntityResponse({ description: '`PROFILE.NOT_FOUND`, `DEVICE.NOT_FOUND`', type: ProblemResponse })
  async provision(@CurrentPrincipal() principal: Principal, @Body() body: ProvisionDevicesBody): Promise<ProvisionDevicesView> {
    const { batch, items } = await this.handler.execute(principal, body);
    return {
      ...batchProgressView(batch),
      items: items.map((item) => ({
        deviceId: item.deviceId,
        enrollmentUrl: item.enrollmentUrl,
        enrollmentQrSvg: item.enrollmentQrSvg,
        expiresAt: item.expiresAt.toISOString(),
      })),
    };
  }
}
