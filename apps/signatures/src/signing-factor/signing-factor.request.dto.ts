import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

export class ConfirmSigningFactorRequest {
  @ApiProperty({ example: '492039', description: 'The 6-digit code the authenticator app shows now' })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'otp must be six digits' })
  otp: string;
}
