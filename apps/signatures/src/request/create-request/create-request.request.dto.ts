import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** The text parts of the multipart upload (the PDF is the part `file`). */
export class CreateRequestFields {
  @ApiProperty({ example: 'Dienstvereinbarung Homeoffice', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @ApiProperty({
    description: 'JSON: steps in order, each an array of signers (user id or e-mail) who sign in parallel',
    example: '[["clerk@demo.example"], ["staff@demo.example", "admin@demo.example"]]',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(16_000)
  steps: string;

  @ApiProperty({ description: 'Due date (ISO 8601 with offset); the request expires then', example: '2026-12-15T17:00:00+01:00' })
  @IsISO8601({ strict: true, strictSeparator: true })
  dueAt: string;
}
