import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { HistoryQuery } from '../list-messages/list-messages.request.dto';

/** The history's paging, narrowed to the messages that match `q`. */
export class SearchQuery extends HistoryQuery {
  @ApiProperty({
    description: 'Words to find (German stemming: "Unterschrift" finds "Unterschriften"); quotes, OR and -word as in web search',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  q: string;
}
