import { Delete, HttpCode, Param } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiOperation } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, ProblemResponse, TenantRoute, UuidPipe } from '@amtsweg/platform';
import { messagingRoute } from '../../http/messaging-route';
import { DeleteMessageHandler } from './delete-message.handler';

@TenantRoute('conversations', messagingRoute())
@Authenticated()
export class DeleteMessageHttpController {
  constructor(private readonly handler: DeleteMessageHandler) {}

  @Delete(':id/messages/:messageId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete my message; a tombstone (body null) stays in the history' })
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ description: 'Not the author', type: ProblemResponse })
  @ApiConflictResponse({ description: 'Deleted already', type: ProblemResponse })
  async remove(
    @CurrentPrincipal() caller: Principal,
    @Param('id', UuidPipe) id: string,
    @Param('messageId', UuidPipe) messageId: string,
  ): Promise<void> {
    await this.handler.execute(caller, id, messageId);
  }
}
