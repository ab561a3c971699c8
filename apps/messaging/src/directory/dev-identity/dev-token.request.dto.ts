import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class DevTokenRequest {
  @ApiProperty({ example: 'clerk@demo.example', description: 'An active person of the directory, or betrieb@amtsweg.example' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiPropertyOptional({ example: 'demo', description: 'Needed only when the address is a person of more than one tenant' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9-]{2,63}$/)
  tenant?: string;
}
