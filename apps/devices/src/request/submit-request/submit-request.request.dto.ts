import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { DEVICE_TYPES, type DeviceType } from '../../inventory/device';

export class RequestItemBody {
  @ApiProperty({ enum: DEVICE_TYPES }) @IsIn(DEVICE_TYPES) type: DeviceType;
  @ApiProperty({ minimum: 1, maximum: 50, example: 1 }) @IsInt() @Min(1) @Max(50) count: number;
}

export class SubmitRequestBody {
  @ApiProperty({ type: [RequestItemBody], description: 'The kit: e.g. one laptop, one phone, one headset (accessory)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => RequestItemBody)
  items: RequestItemBody[];

  @ApiProperty({ example: 'Neue Stelle im Bürgerbüro ab 1. Dezember', maxLength: 1000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  justification: string;

  @ApiProperty({ format: 'date', example: '2026-12-01' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  neededBy: string;
}
