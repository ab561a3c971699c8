import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

export class FeeRequest {
  @ApiProperty({ example: 3780, description: 'In euro cents' }) @IsInt() @Min(0) @Max(10_000_000) amountCents: number;
  @ApiProperty({ example: 'unter 24 Jahren 22,80 €' }) @IsString() @MinLength(1) @MaxLength(500) note: string;
}

export class ServiceRequest {
  @ApiProperty({ example: 'Personalausweis beantragen' }) @IsString() @MinLength(1) @MaxLength(200) name: string;

  @ApiProperty({ example: 30, minimum: 5, maximum: 720, description: "A multiple of every listed office's slot grid" })
  @IsInt()
  @Min(5)
  @Max(720)
  durationMinutes: number;

  @ApiProperty({ type: [String], format: 'uuid', description: 'The offices that offer it (1–100): only there can it be booked' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique((id: unknown) => (typeof id === 'string' ? id.toLowerCase() : id))
  @IsUUID(undefined, { each: true })
  officeIds: string[];

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) description?: string;

  @ApiPropertyOptional({ type: [String], example: ['Altes Ausweisdokument', 'Biometrisches Passfoto'], description: 'What to bring' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(200, { each: true })
  documents?: string[];

  @ApiPropertyOptional({ type: FeeRequest }) @IsOptional() @ValidateNested() @Type(() => FeeRequest) fee?: FeeRequest;
}

/** Only the fields to change; `officeIds` and `documents` replace the lists. */
export class UpdateServiceRequest extends PartialType(ServiceRequest) {
  @ApiPropertyOptional({
    description: 'Cancel the bookings at offices no longer listed (each citizen is mailed); without it such a change is 409',
  })
  @IsOptional()
  @IsBoolean()
  cancelAffected?: boolean;
}
