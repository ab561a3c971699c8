import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsFQDN,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

export class WifiNetworkBody {
  @ApiProperty({ example: 'Verwaltung' }) @IsString() @IsNotEmpty() @MaxLength(32) ssid: string;
  @ApiProperty({ enum: ['WPA2-Enterprise', 'WPA3-Enterprise', 'WPA2-PSK', 'WPA3-SAE'] })
  @IsIn(['WPA2-Enterprise', 'WPA3-Enterprise', 'WPA2-PSK', 'WPA3-SAE'])
  security: string;
  @ApiPropertyOptional({ description: 'Only for PSK/SAE', minLength: 8, maxLength: 63 })
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(63)
  passphrase?: string;
}

export class VpnBody {
  @ApiProperty({ enum: ['wireguard', 'ipsec-ikev2'] }) @IsIn(['wireguard', 'ipsec-ikev2']) type: string;
  @ApiProperty({ example: 'vpn.demo.example' }) @IsFQDN({ require_tld: false }) server: string;
  @ApiPropertyOptional({ example: 51820 }) @IsOptional() @IsInt() @Min(1) @Max(65535) port?: number;
}

export class MailBody {
  @ApiProperty({ enum: ['exchange-activesync', 'imap'] }) @IsIn(['exchange-activesync', 'imap']) protocol: string;
  @ApiProperty({ example: 'mail.demo.example' }) @IsFQDN({ require_tld: false }) server: string;
  @ApiPropertyOptional({ example: 'it-service@demo.example', description: 'Support address shown on the device' })
  @IsOptional()
  @IsEmail()
  supportAddress?: string;
}

export class CreateProfileBody {
  @ApiProperty({ example: 'Standard Verwaltung', maxLength: 100 }) @IsString() @IsNotEmpty() @MaxLength(100) name: string;
  @ApiPropertyOptional({ type: [WifiNetworkBody] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => WifiNetworkBody)
  wifi?: WifiNetworkBody[];
  @ApiPropertyOptional({ type: VpnBody }) @IsOptional() @ValidateNested() @Type(() => VpnBody) vpn?: VpnBody;
  @ApiPropertyOptional({ type: MailBody }) @IsOptional() @ValidateNested() @Type(() => MailBody) mail?: MailBody;
  @ApiProperty({ type: [String], example: ['de.bund.ausweisapp2', 'com.microsoft.teams'], description: 'App package ids' })
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(/^[A-Za-z0-9._-]{1,200}$/, { each: true })
  apps: string[];
}
