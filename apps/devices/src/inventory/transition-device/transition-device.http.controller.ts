import { Body, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, UuidPipe, type Principal } from '@amtsweg/platform';
import { DevicesRoute } from '../../http/devices-route';
import { DeviceProblemResponse } from '../../http/problem.response';
import { deviceView, DeviceView } from '../device.response.dto';
import { TransitionDeviceHandler } from './transition-device.handler';
import { TransitionDeviceBody } from './transition-device.request.dto';

@DevicesRoute('devices')
export class TransitionDeviceHttpController {
  constructor(private readonly handler: TransitionDeviceHandler) {}

  @Post(':id/transitions')
  @HttpCode(200)
  @Authenticated('it-admin')
  @ApiOperation({
    summary: 'Move a device to its next lifecycle status',
    description: 'in_stock → reserved → provisioning → ready → (signed handover) handed_over → returned → in_stock | retired. A return needs `wiped: true`.',
  })
  @ApiOkResponse({ type: DeviceView })
  @ApiForbiddenResponse({ description: 'Not an it-admin', type: DeviceProblemResponse })
  @ApiConflictResponse({ description: '`DEVICE.TRANSITION_NOT_ALLOWED`, `DEVICE.HANDOVER_NEEDS_SIGNATURE`', type: DeviceProblemResponse })
  @ApiUnprocessableEntityResponse({ description: '`DEVICE.WIPE_NOT_CONFIRMED`', type: DeviceProblemResponse })
  async transition(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string, @Body() body: TransitionDeviceBody): Promise<DeviceView> {
    return deviceView(await this.handler.execute(principal, { id, to: body.to, reason: body.reason ?? null, wiped: body.wiped === true }));
  }
}
