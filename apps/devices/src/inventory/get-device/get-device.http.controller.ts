import { Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, TenantRoute, UuidPipe } from '@amtsweg/platform';
import { DEVICES_ROUTE } from '../../http/devices-route';
import { deviceView, DeviceWithHistoryView, historyView, returnView } from '../device.response.dto';
import { GetDeviceHandler } from './get-device.handler';

@TenantRoute('devices', DEVICES_ROUTE)
export class GetDeviceHttpController {
  constructor(private readonly handler: GetDeviceHandler) {}

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'One device with its history (who, when, from, to, why)' })
  @ApiOkResponse({ type: DeviceWithHistoryView })
  async get(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string): Promise<DeviceWithHistoryView> {
    const { device, history, lastReturn } = await this.handler.execute(principal, id);
    return { ...deviceView(device), history: history.map(historyView), lastReturn: lastReturn ? returnView(lastReturn) : null };
  }
}
