import { Get, Header, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authenticated, CurrentPrincipal, type Principal, TenantRoute } from '@amtsweg/platform';
import { DEVICES_ROUTE } from '../../http/devices-route';
import { ExportDevicesHandler } from './export-devices.handler';
import { ExportDevicesQuery } from './export-devices.request.dto';

@TenantRoute('devices', DEVICES_ROUTE)
export class ExportDevicesHttpController {
  constructor(private readonly handler: ExportDevicesHandler) {}

  @Get('export.csv')
  @Authenticated('it-admin')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'The inventory with the list’s filters as a CSV file for German Excel',
    description:
      'UTF-8 with BOM, `;` separated, CRLF, every field quoted; fields starting with `= + - @`, tab or CR get a leading apostrophe (CSV injection).',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'One header line, then one line per device, newest first', schema: { type: 'string' } })
  async export(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ExportDevicesQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const csv = await this.handler.execute(principal, query);
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', 'attachment; filename="inventar.csv"');
    return csv;
  }
}
