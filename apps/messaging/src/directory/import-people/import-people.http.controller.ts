import { HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProperty,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import {
  Authenticated,
  CurrentAdmin,
  CurrentPrincipal,
  type AdminActor,
  DomainError,
  type Principal,
  ProblemResponse,
  TenantRoute,
} from '@amtsweg/platform';
import { messagingRoute } from '../../http/messaging-route';
import { ImportPeopleHandler } from './import-people.handler';

const MAX_BYTES = 1024 * 1024;

class RefusedRowView {
  @ApiProperty({ example: 4, description: 'Line in the file (the header is line 1)' }) line: number;
  @ApiProperty({ example: 'email: not an e-mail address' }) reason: string;
}

class PeopleImportReportView {
  @ApiProperty({ example: 40 }) created: number;
  @ApiProperty({ example: 2, description: 'Known addresses whose name or roles the file changed' }) updated: number;
  @ApiProperty({ example: 1 }) unchanged: number;
  @ApiProperty({ type: [RefusedRowView], description: 'The first 1,000 refused rows' }) refused: RefusedRowView[];
  @ApiProperty({ example: 1 }) refusedCount: number;
}

@TenantRoute('people', messagingRoute('people'))
export class ImportPeopleHttpController {
  constructor(private readonly handler: ImportPeopleHandler) {}

  @Post('import')
  @HttpCode(200)
  @Authenticated('tenant-admin')
  @ApiOperation({
    summary: 'Import people from CSV (tenant-admin): creates new addresses (with the invitation mail), updates known ones',
    description:
      'Header `name,email,roles` (`;` also accepted as delimiter); roles separated by spaces or `|`, e.g. `"clerk staff"`. UTF-8 (BOM allowed), at most 1 MiB and 5,000 rows. Importing the same file twice changes nothing. A deactivated person stays deactivated.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: 'name,email,roles\nClara Bürgerbüro,clara@beispielstadt.example,clerk staff\n' } })
  @ApiOkResponse({ type: PeopleImportReportView })
  @ApiBadRequestResponse({ description: '`IMPORT.INVALID_HEADER`, `IMPORT.EMPTY`, `IMPORT.INVALID_CSV`', type: ProblemResponse })
  @ApiPayloadTooLargeResponse({ description: 'Over 1 MiB', type: ProblemResponse })
  @ApiUnsupportedMediaTypeResponse({ description: 'Not text/csv', type: ProblemResponse })
  async import(
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @CurrentAdmin() actor: AdminActor,
  ): Promise<PeopleImportReportView> {
    const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'text/csv') throw new DomainError(415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE', 'Send the list of people as text/csv.');
    return this.handler.execute(principal.tenant, await readText(request), actor);
  }
}

/** The body as text (nothing in front of this route parses text/csv), refused past MAX_BYTES. */
async function readText(request: Request): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BYTES) {
      request.resume();
      throw new DomainError(413, 'REQUEST.TOO_LARGE', 'The file is larger than 1 MiB.');
    }
    chunks.push(chunk);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}
