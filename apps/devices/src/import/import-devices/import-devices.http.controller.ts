import { HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, DomainError, type Principal, ProblemResponse, TenantRoute } from '@amtsweg/platform';
import type { Request, Response } from 'express';
import { DEVICES_ROUTE } from '../../http/devices-route';
import { ImportDevicesHandler } from './import-devices.handler';

class ImportFailureView {
  @ApiProperty({ example: 17, description: 'Line in the file (the header is line 1)' }) line: number;
  @ApiProperty({ example: 'IMEI muss 15 Ziffern haben und die Prüfziffer (Luhn) muss stimmen' }) reason: string;
}

class ImportReportView {
  @ApiProperty({
    enum: ['utf-8', 'windows-1252'],
    example: 'utf-8',
    description: 'How the file was read: UTF-8 (with or without BOM), or Windows-1252 when it is not UTF-8 (German Excel)',
  })
  encoding: 'utf-8' | 'windows-1252';
  @ApiProperty({ example: 980 }) imported: number;
  @ApiProperty({ example: 3, description: 'Rows whose serial was already registered: left unchanged' }) unchanged: number;
  @ApiProperty({ type: [ImportFailureView], description: 'The first 1,000 failed rows' }) failed: ImportFailureView[];
  @ApiProperty({ example: 17, description: 'All failed rows' }) failedCount: number;
}

@TenantRoute('devices', DEVICES_ROUTE)
export class ImportDevicesHttpController {
  constructor(private readonly handler: ImportDevicesHandler) {}

  @Post('import')
  @HttpCode(200)
  @Authenticated('it-admin')
  @ApiOperation({
    summary: 'Import devices from CSV, streamed; answers a per-line report',
    description:
      'Header: `type,model,serial[,assetTag,imei,orderNumber,supplier,deliveredOn,warrantyUntil]` or German Excel’s `Gerätetyp;Modell;Seriennummer;Inventarnummer;IMEI;Bestellnummer;Lieferant;Lieferdatum;Garantie bis` (`;` also accepted as delimiter); dates `2026-12-07` or `07.12.2026`. UTF-8 (with or without BOM); a file that is not UTF-8 is read as Windows-1252 and `encoding` says so. Keyed by serial: importing the same file twice changes nothing.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: 'type,model,serial,imei\nphone,Samsung Galaxy A55,R58W31ZQ,490154203237518\n' } })
  @ApiOkResponse({ type: ImportReportView })
  @ApiBadRequestResponse({ description: '`IMPORT.INVALID_HEADER`, `IMPORT.EMPTY`', type: ProblemResponse })
  @ApiForbiddenResponse({ description: 'Not an it-admin', type: ProblemResponse })
  @ApiUnsupportedMediaTypeResponse({ description: 'Not text/csv', type: ProblemResponse })
  async import(
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ImportReportView> {
    const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'text/csv') throw new DomainError(415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE', 'Senden Sie die Geräteliste als text/csv.');
    try {
      // The body is read here, chunk by chunk: nothing in front of this route parses text/csv.
      return await this.handler.execute(principal.tenant, principal.userId, request);
    } finally {
      // Stopped before the end of the body (a bad header, a line too long): the rest cannot be read
      // in step with a next request on this connection, so the connection ends with the answer.
      if (!request.readableEnded) {
        response.setHeader('Connection', 'close');
        request.resume();
      }
    }
  }
}
