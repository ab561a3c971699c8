import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { StatedPreferencesRequest } from '../../preferences/stated-preferences.request.dto';

export class JoinWaitingListRequest extends StatedPreferencesRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID() serviceId: string;
}
