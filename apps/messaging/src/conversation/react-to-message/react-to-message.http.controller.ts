import { Delete, HttpCode, Param, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, ProblemResponse, TenantRoute, UuidPipe } from '@amtsweg/platform';
import { messagingRoute } from '../../http/messaging-route';
import { REACTIONS } from '../conversation';
import { ReactToMessageHandler } from './react-to-message.handler';

const REACTION_PARAM = { name: 'reaction', enum: REACTIONS, description: 'A reaction of the fixed set, by name' };

@TenantRoute('conversations', messagingRoute())
@Authenticated()
export class ReactToMessageHttpController {
  constructor(private readonly handler: ReactToMessageHandler) {}

  @Put(':id/messages/:messageId/reactions/:reaction')
  @HttpCode(204)
  @ApiOperation({ summary: 'React to a message (again is the same reaction)' })
  @ApiParam(REACTION_PARAM)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'No such conversation (for me), message or reaction', type: ProblemResponse })
  @ApiConflictResponse({ description: 'The message was deleted', type: ProblemResponse })
  async react(
    @CurrentPrincipal() caller: Principal,
    @Param('id', UuidPipe) id: string,
    @Param('messageId', UuidPipe) messageId: string,
    @Param('reaction') reaction: string,
  ): Promise<void> {
    await this.handler.react(caller, id, messageId, reaction);
  }

  @Delete(':id/messages/:messageId/reactions/:reaction')
  @HttpCode(204)
  @ApiOperation({ summary: 'Take back my reaction (none given is no error)' })
  @ApiParam(REACTION_PARAM)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'No such conversation (for me), message or reaction', type: ProblemResponse })
  async takeBack(
    @CurrentPrincipal() caller: Principal,
    @Param('id', UuidPipe) id: string,
    @Param('messageId', UuidPipe) messageId: string,
    @Param('reaction') reaction: string,
  ): Promise<void> {
    await this.handler.takeBack(caller, id, messageId, reaction);
  }
}
