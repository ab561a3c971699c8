import { Body, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, ProblemResponse, TenantRoute } from '@amtsweg/platform';
import { DEVICES_ROUTE } from '../../http/devices-route';
import { deviceRequestView, DeviceRequestView } from '../device-request.response.dto';
import { SubmitRequestHandler } from './submit-request.handler';
import { SubmitRequestBody } from './submit-request.request.dto';

@TenantRoute('device-requests', DEVICES_ROUTE)
export class SubmitRequestHttpController {
  constructor(private readonly handler: SubmitRequestHandler) {}

  @Post()
  @Authenticated('staff', 'it-admin')
  @ApiOperation({ summary: 'Ask for devices (one kit: the items are handed over together with one protocol)' })
  @ApiCreatedResponse({ type: DeviceRequestView })
  @ApiUnprocessableEntityResponse({ description: '`DEVICE_REQUEST.NEEDED_BY_IN_PAST`', type: ProblemResponse })
  async submit(@CurrentPrincipal() principal: Principal, @Body() body: SubmitRequestBody): Promise<DeviceRequestView> {
    return deviceRequestView(await this.handler.execute(principal, body));
  }
}
