import { Body, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, ProblemResponse, TenantRoute, UuidPipe } from '@amtsweg/platform';
import type { Response } from 'express';
import { DEVICES_ROUTE } from '../../http/devices-route';
import { deviceView, DeviceView } from '../device.response.dto';
import { TransitionDeviceHandler } from './transition-device.handler';
import { TransitionDeviceBody } from './transition-device.request.dto';

class ReturnStartedView extends DeviceView {
  @ApiProperty({ format: 'uuid', description: 'The return protocol to sign (signatures: `handoverId` of the request)' })
  returnConfirmationId: string;
}

@TenantRoute('devices', DEVICES_ROUTE)
export class TransitionDeviceHttpController {
  constructor(private readonly handler: TransitionDeviceHandler) {}

  @Post(':id/transitions')
  @HttpCode(200)
  @Authenticated('it-admin')
  @ApiOperation({
    summary: 'Move a device to its next lifecycle status',
    description:
      'in_stock → reserved → provisioning → ready → (signed handover) handed_over → (signed return) returned → in_stock | retired. ' +
      'Off that path, each with a `reason` (else 422 `DEVICE.REASON_REQUIRED`): in_stock → retired (broken on delivery); reserved | provisioning | ready → in_stock ' +
      '(out of its kit; refused while the kit’s handover is pending); in_stock | handed_over | returned | in_repair → lost → in_stock | retired; ' +
      'in_stock | returned → in_repair → in_stock | retired | lost. A kit’s last device made ready here starts the kit’s handover. ' +
      'A return needs `wiped: true` and answers 202: the it-admin gets a return protocol to sign in signatures, confirming the wipe; ' +
      'once signed the device is returned and its history names the confirmation. A refused or expired protocol leaves it handed over.',
  })
  @ApiOkResponse({ type: DeviceView })
  @ApiAcceptedResponse({ description: 'A return started: still handed over until the return protocol is signed', type: ReturnStartedView })
  @ApiForbiddenResponse({ description: 'Not an it-admin', type: ProblemResponse })
  @ApiConflictResponse({
    description: '`DEVICE.TRANSITION_NOT_ALLOWED`, `DEVICE.HANDOVER_NEEDS_SIGNATURE`, `RETURN.PENDING`, `DEVICE_REQUEST.HANDOVER_PENDING`',
    type: ProblemResponse,
  })
  @ApiUnprocessableEntityResponse({ description: '`DEVICE.WIPE_NOT_CONFIRMED`, `DEVICE.REASON_REQUIRED`', type: ProblemResponse })
  async transition(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidPipe) id: string,
    @Body() body: TransitionDeviceBody,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DeviceView | ReturnStartedView> {
    const outcome = await this.handler.execute(principal, { id, to: body.to, reason: body.reason ?? null, wiped: body.wiped === true });
    if (!outcome.returnConfirmationId) return deviceView(outcome.device);
    response.status(202);
    return { ...deviceView(outcome.device), returnConfirmationId: outcome.returnConfirmationId };
  }
}
