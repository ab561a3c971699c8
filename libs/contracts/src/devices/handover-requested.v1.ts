// @Type (nested validation) reads design metadata when the class is defined, even outside Nest.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';

/**
 * The employee who receives the devices, by user id: signatures finds the name and address for the
 * protocol they sign in its own directory.
 */
export class HandoverEmployeeV1 {
  @IsString() @IsNotEmpty() @MaxLength(255) userId: string;
  /** Only in records from before the upgrade (issue 14, item 5): producers no longer write it; consumers ask their directory. */
  @IsOptional() @IsEmail() email?: string;
  /** Only in records from before the upgrade (issue 14, item 5): producers no longer write it; consumers ask their directory. */
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
}

export class HandoverDeviceV1 {
  @IsUUID() deviceId: string;
  /** `laptop`, `smartphone`, `tablet`, `headset`, … */
  @IsString() @IsNotEmpty() @MaxLength(60) type: string;
  @IsString() @IsNotEmpty() @MaxLength(200) model: string;
  @IsString() @IsNotEmpty() @MaxLength(200) serial: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) assetTag?: string;
}

/** Who brought devices back, by user id; named on a return protocol as the directory knows them. */
export class HandoverReturnerV1 {
  @IsString() @IsNotEmpty() @MaxLength(255) userId: string;
  /** Only in records from before the upgrade (issue 14, item 5): producers no longer write it; consumers ask their directory. */
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
}

export const HANDOVER_KINDS_V1 = ['handover', 'return'] as const;

/**
 * Devices asks for a signature on a protocol for a kit of devices: a handover (the employee signs
 * that they received them) or, with `kind: 'return'`, a return (the IT administrator who took them
 * back signs that their data was wiped). Signatures answers with `signatures.request` completed /
 * rejected / expired carrying `handoverId`.
 */
export class HandoverRequestedV1 {
  static readonly type = 'de.amtsweg.devices.handover.requested.v1';
  static readonly topic = 'devices.handover';
  @IsUUID() handoverId: string;
  /** Absent in events from before returns existed: a handover. */
  @IsOptional() @IsIn(HANDOVER_KINDS_V1) kind?: (typeof HANDOVER_KINDS_V1)[number];
  /** Who signs: the employee receiving the devices (handover), or the IT administrator taking them back (return). */
  @ValidateNested() @Type(() => HandoverEmployeeV1) employee: HandoverEmployeeV1;
  /** Return only: the employee who brought the devices back. */
  @IsOptional() @ValidateNested() @Type(() => HandoverReturnerV1) returnedBy?: HandoverReturnerV1;
  /** The user id of the IT administrator who asked for the handover: the request's requester. */
  @IsString() @IsNotEmpty() @MaxLength(255) requestedBy: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => HandoverDeviceV1) devices: HandoverDeviceV1[];
  @IsString() @IsNotEmpty() @MaxLength(200) kitLabel: string;
  /** Until when the employee should sign; default 14 days after the event. */
  @IsOptional() @IsISO8601({ strict: true }) dueAt?: string;
}
