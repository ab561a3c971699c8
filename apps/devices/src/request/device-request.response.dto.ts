import { ApiProperty } from '@nestjs/swagger';
import { PageResponse } from '@amtsweg/platform';
import { DEVICE_TYPES, type DeviceType } from '../inventory/device';
import { REQUEST_STATUSES, type DeviceRequest, type RequestStatus } from './device-request';

export class RequestItemView {
  @ApiProperty({ enum: DEVICE_TYPES }) type: DeviceType;
  @ApiProperty({ example: 1 }) count: number;
}

export class DeviceRequestView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() requesterId: string;
  @ApiProperty({ type: [RequestItemView] }) items: RequestItemView[];
  @ApiProperty() justification: string;
  @ApiProperty({ format: 'date' }) neededBy: string;
  @ApiProperty({ enum: REQUEST_STATUSES }) status: RequestStatus;
  @ApiProperty({ nullable: true, type: String }) decidedBy: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) decidedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) rejectionReason: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The kit’s handover, once requested' }) handoverId:
    string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why the last handover failed (the employee refused to sign)' })
  handoverFailure: string | null;
  @ApiProperty({ type: [String], description: 'The devices reserved for it: the kit' }) deviceIds: string[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class DeviceRequestPage extends PageResponse(DeviceRequestView) {}

export function deviceRequestView(request: DeviceRequest): DeviceRequestView {
  return {
    id: request.id,
    requesterId: request.requesterId,
    items: request.items,
    justification: request.justification,
    neededBy: request.neededBy,
    status: request.status,
    decidedBy: request.decidedBy,
    decidedAt: request.decidedAt?.toISOString() ?? null,
    rejectionReason: request.rejectionReason,
    handoverId: request.handoverId,
    handoverFailure: request.handoverFailure,
    deviceIds: request.deviceIds,
    createdAt: request.createdAt.toISOString(),
    updatedAt: request.updatedAt.toISOString(),
  };
}
