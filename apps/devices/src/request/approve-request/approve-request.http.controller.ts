import { Body, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, ProblemResponse, TenantRoute, UuidPipe } from '@amtsweg/platform';
import { DEVICES_ROUTE } from '../../http/devices-route';
import { deviceRequestView, DeviceRequestView } from '../device-request.response.dto';
import { ApproveRequestHandler } from './approve-request.handler';
import { ApproveRequestBody } from './approve-request.request.dto';

@TenantRoute('device-requests', DEVICES_ROUTE)
export class ApproveRequestHttpController {
  constructor(private readonly handler: ApproveRequestHandler) {}

  @Post(':id/approve')
  @HttpCode(200)
  @Authenticated('it-admin')
  @ApiOperation({ summary: 'Approve: reserve the named in-stock devices, or let the system pick them' })
  @ApiOkResponse({ type: DeviceRequestView })
  @ApiForbiddenResponse({
    description: 'Not an it-admin, or `DEVICE_REQUEST.OWN_REQUEST`: the requester deciding their own request (unless the tenant allows it)',
    type: ProblemResponse,
  })
  @ApiConflictResponse({
    description: '`DEVICE_REQUEST.ALREADY_DECIDED`, `DEVICE_REQUEST.NOT_ENOUGH_STOCK`, `DEVICE_REQUEST.DEVICE_NOT_IN_STOCK`',
    type: ProblemResponse,
  })
  @ApiUnprocessableEntityResponse({
    description: '`DEVICE_REQUEST.DEVICES_DO_NOT_MATCH`, `DEVICE_REQUEST.UNKNOWN_DEVICE`',
    type: ProblemResponse,
  })
  async approve(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidPipe) id: string,
    @Body() body: ApproveRequestBody,
  ): Promise<DeviceRequestView> {
    return deviceRequestView(await this.handler.execute(principal, id, body.deviceIds));
  }
}
