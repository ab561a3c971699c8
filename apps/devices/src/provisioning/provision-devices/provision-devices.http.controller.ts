import { Body, HttpCode, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal } from '@amtsweg/platform';
import { DevicesRoute } from '../../http/devices-route';
import { DeviceProblemResponse } from '../../http/problem.response';
import { ProvisionDevicesHandler } from './provision-devices.handler';
import { ProvisionDevicesBody, ProvisionDevicesView } from './provision-devices.request.dto';

@DevicesRoute('devices')
export class ProvisionDevicesHttpController {
  constructor(private readonly handler: ProvisionDevicesHandler) {}

  @Post('provision')
  @HttpCode(200)
  @Authenticated('it-admin')
  @ApiOperation({ summary: 'Bulk provisioning: bind one profile to N reserved devices and issue one-time enrollment links' })
  @ApiOkResponse({ type: ProvisionDevicesView })
  @ApiForbiddenResponse({ description: 'Not an it-admin', type: DeviceProblemResponse })
  @ApiConflictResponse({ description: '`DEVICE.TRANSITION_NOT_ALLOWED`: a device is not reserved', type: DeviceProblemResponse })
  @ApiUnprocessableEntityResponse({ description: '`PROFILE.NOT_FOUND`, `DEVICE.NOT_FOUND`', type: DeviceProblemResponse })
  async provision(@CurrentPrincipal() principal: Principal, @Body() body: ProvisionDevicesBody): Promise<ProvisionDevicesView> {
    const items = await this.handler.execute(principal, body);
    return { items: items.map((item) => ({ deviceId: item.deviceId, enrollmentUrl: item.enrollmentUrl, expiresAt: item.expiresAt.toISOString() })) };
  }
}
