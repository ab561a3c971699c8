// @Type (nested validation) reads design metadata when the class is defined, even outside Nest.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

export const DEVICE_TYPES_V1 = ['laptop', 'tablet', 'phone', 'hotspot', 'accessory'] as const;

/** One line of a request: how many devices of a type. */
export class DeviceRequestItemV1 {
  @IsIn(DEVICE_TYPES_V1) type: (typeof DEVICE_TYPES_V1)[number];
  @IsInt() @Min(1) @Max(50) count: number;
}

/**
 * What every event of a device request carries: ids (the requester's user id: messaging finds
 * their address in its directory), the tenant and the items — never a name or an address.
 */
export abstract class DeviceRequestEvent {
  @IsUUID() requestId: string;
  @IsString() @Matches(/^[a-z0-9-]{2,63}$/) tenant: string;
  @IsString() @IsNotEmpty() @MaxLength(255) requesterId: string;
  /** Only in records from before the upgrade (issue 14, item 5): producers no longer write it; consumers ask their directory. */
  @IsOptional() @IsEmail() requesterEmail?: string;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => DeviceRequestItemV1)
  items: DeviceRequestItemV1[];
}
