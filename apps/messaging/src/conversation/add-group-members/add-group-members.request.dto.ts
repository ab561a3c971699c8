import { ApiProperty } from '@nestjs/swagger';
import { UserIdList } from '../user-id-list';

export class AddMembersRequest {
  @ApiProperty({ type: [String] })
  @UserIdList()
  userIds: string[];
}
