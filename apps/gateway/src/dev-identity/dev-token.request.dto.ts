import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, MaxLength } from 'class-validator';

export class DevTokenRequest {
  @ApiProperty({ example: 'clerk@demo.example', description: 'One of the seeded demo users' })
  @IsEmail()
  @MaxLength(254)
  email: string;
}
