import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';

export class SignRequestBody {
  @ApiPropertyOptional({
    example: '492039',
    description: 'Required once the signer has set up a second factor: the current code of their authenticator app',
  })
  @IsOptional()
  @IsString()
  @Matches(/^\d{6}$/, { message: 'otp must be six digits' })
  otp?: string;
}
