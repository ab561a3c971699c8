import { Body, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiOperation } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, ProblemResponse, TenantRoute } from '@amtsweg/platform';
import { DEVICES_ROUTE } from '../../http/devices-route';
import { deviceView, DeviceView } from '../device.response.dto';
import { RegisterDeviceHandler } from './register-device.handler';
import { RegisterDeviceBody } from './register-device.request.dto';

@TenantRoute('devices', DEVICES_ROUTE)
export class RegisterDeviceHttpController {
  constructor(private readonly handler: RegisterDeviceHandler) {}

  @Post()
  @Authenticated('it-admin')
  @ApiOperation({ summary: 'Register one device; it starts in stock' })
  @ApiCreatedResponse({ type: DeviceView })
  @ApiBadRequestResponse({ description: 'Invalid fields, e.g. an IMEI whose check digit is wrong', type: ProblemResponse })
  @ApiForbiddenResponse({ description: 'Not an it-admin', type: ProblemResponse })
  @ApiConflictResponse({ description: '`DEVICE.SERIAL_TAKEN`', type: ProblemResponse })
  async register(@CurrentPrincipal() principal: Principal, @Body() body: RegisterDeviceBody): Promise<DeviceView> {
    const device = await this.handler.execute(principal, {
      type: body.type,
      model: body.model.trim(),
      serial: body.serial,
      assetTag: body.assetTag ?? null,
      imei: body.imei ?? null,
      purchase: {
        orderNumber: body.orderNumber ?? null,
        supplier: body.supplier ?? null,
        deliveredOn: body.deliveredOn ?? null,
        warrantyUntil: body.warrantyUntil ?? null,
      },
    });
    return deviceView(device);
  }
}
