import { Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, TenantRoute } from '@amtsweg/platform';
import { DEVICES_ROUTE } from '../../http/devices-route';
import { DevicePage, deviceView } from '../device.response.dto';
import { ListDevicesHandler } from './list-devices.handler';
import { ListDevicesQuery } from './list-devices.request.dto';

@TenantRoute('devices', DEVICES_ROUTE)
export class ListDevicesHttpController {
  constructor(private readonly handler: ListDevicesHandler) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'The inventory (it-admins) or the devices I hold (everyone else), newest first' })
  @ApiOkResponse({ type: DevicePage })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListDevicesQuery): Promise<DevicePage> {
    const page = await this.handler.execute(principal, query);
    return { items: page.items.map(deviceView), nextCursor: page.nextCursor };
  }
}
