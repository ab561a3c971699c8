import { FEDERAL_STATES, type FederalState } from '@amtsweg/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsTimeZone, MaxLength } from 'class-validator';

export class CreateTenantRequest {
  @ApiProperty({
    example: 'beispielstadt',
    description: 'The path segment of every tenant route: 2–63 of a-z, 0-9 and "-", not a path of the web pages (else 422)',
  })
  @IsString()
  @MaxLength(200)
  slug: string;

  @ApiProperty({ example: 'Stadt Beispielstadt' }) @IsString() @IsNotEmpty() @MaxLength(200) name: string;

  @ApiProperty({ enum: FEDERAL_STATES, example: 'NW', description: 'Selects the public holidays that close every office' })
  @IsIn(FEDERAL_STATES)
  federalState: FederalState;

  @ApiPropertyOptional({ example: 'Europe/Berlin', description: 'IANA time zone; default Europe/Berlin' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @IsTimeZone()
  timeZone?: string;
}
