import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export const PEOPLE_VIEWS = ['active', 'all', 'admin'] as const;
export type PeopleView = (typeof PEOPLE_VIEWS)[number];

export class ListPeopleQuery {
  @ApiPropertyOptional({
    enum: PEOPLE_VIEWS,
    default: 'active',
    description:
      '`active` (default): whom one can name, `{ id, name }`. `all`: also the deactivated, with `active` — to name the authors of older messages. `admin` (tenant-admin only): everything about everyone.',
  })
  @IsOptional()
  @IsIn(PEOPLE_VIEWS)
  view?: PeopleView;
}
