import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';

/** The whole settings, as GET answers them and PUT replaces them. */
export class SignatureSettingsBody {
  @ApiProperty({ description: 'Accept PDFs with attached files (other active content is always refused)', default: false })
  @IsBoolean()
  allowEmbeddedFiles: boolean;

  @ApiProperty({ description: 'Signers need a confirmed second factor (TOTP) before they can sign', default: true })
  @IsBoolean()
  requireSecondFactor: boolean;
}
