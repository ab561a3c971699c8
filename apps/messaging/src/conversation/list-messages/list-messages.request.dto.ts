import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { LimitQuery } from '@amtsweg/platform';
import type { MessagePageQuery } from '../message-page';

/** A conversation's history, paged backwards in time. */
export class HistoryQuery extends LimitQuery() implements MessagePageQuery {
  @ApiPropertyOptional({ description: "Older than this: the previous page's nextCursor" })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  before?: string;
}
