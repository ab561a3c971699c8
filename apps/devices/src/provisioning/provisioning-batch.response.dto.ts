import { ApiProperty } from '@nestjs/swagger';
import { BATCH_STATUSES, type BatchStatus, type ProvisioningBatch } from './provisioning-batch';

class BatchFailureView {
  @ApiProperty({ format: 'uuid' }) deviceId: string;
  @ApiProperty({ example: 'Das Gerät ist nicht mehr reserviert (Status „provisioning“).' }) reason: string;
}

/** How far a bulk provisioning got: `provisioned + failed` of `total` devices are done. */
export class BatchProgressView {
  @ApiProperty({ format: 'uuid' }) batchId: string;
  @ApiProperty({ format: 'uuid' }) profileId: string;
  @ApiProperty({ enum: BATCH_STATUSES, description: '`aborted`: an error stopped it; the devices provisioned until then stay provisioned' })
  status: BatchStatus;
  @ApiProperty({ example: 120 }) total: number;
  @ApiProperty({ example: 80 }) provisioned: number;
  @ApiProperty({ example: 1 }) failed: number;
  @ApiProperty({ type: [BatchFailureView] }) failures: BatchFailureView[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finishedAt: string | null;
}

export function batchProgressView(batch: ProvisioningBatch): BatchProgressView {
  return {
    batchId: batch.id,
    profileId: batch.profileId,
    status: batch.status,
    total: batch.total,
    provisioned: batch.provisioned,
    failed: batch.failed,
    failures: batch.failures,
    createdAt: batch.createdAt.toISOString(),
    finishedAt: batch.finishedAt?.toISOString() ?? null,
  };
}
