import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class UpdateTenantRequest {
  @ApiPropertyOptional({ example: 'Stadt Beispielstadt' }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) name?: string;

  @ApiPropertyOptional({
    description: 'true suspends the municipality (citizens 404, staff 403 `TENANT.SUSPENDED`, in every service); false reactivates it',
  })
  @IsOptional()
  @IsBoolean()
  suspended?: boolean;
}
