import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ATTENDANCE_STATUSES, type AttendanceStatus } from '../booking';

export class RecordAttendanceRequest {
  @ApiProperty({
    enum: ATTENDANCE_STATUSES,
    description: "confirmed → arrived → done, or confirmed → no_show; `confirmed` undoes a mark. Only on the booking's day.",
  })
  @IsIn(ATTENDANCE_STATUSES)
  status: AttendanceStatus;
}
