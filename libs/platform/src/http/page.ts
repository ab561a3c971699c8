import type { Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type as TransformTo } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** One page of an unbounded list, newest (or first) first; `nextCursor` continues it, null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * The page of `rows` fetched with `LIMIT limit + 1`: the extra row only says that there is more,
 * and the cursor names the page's last item.
 */
export function pageOf<T>(rows: readonly T[], limit: number, cursorAfter: (last: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? cursorAfter(items[items.length - 1]) : null };
}

export interface LimitBounds {
  /** Items when `?limit=` is not given. */
  default: number;
  /** The largest `?limit=` accepted (400 above it). */
  max: number;
}

/** What every list accepts unless it says otherwise (API conventions: `?limit=` up to 200). */
export const STANDARD_LIMIT: LimitBounds = { default: 50, max: 200 };

/** Cursors we hand out are far shorter; anything longer is refused before it is decoded. */
const CURSOR_MAX_LENGTH = 200;

export interface LimitParameters {
  limit: number;
}

export interface PageParameters extends LimitParameters {
  cursor?: string;
}

/** `?limit=` from 1 to `bounds.max`, `bounds.default` unless asked: a base class for a list's query DTO. */
export function LimitQuery(bounds: LimitBounds = STANDARD_LIMIT): Type<LimitParameters> {
  class BoundedLimitQuery implements LimitParameters {
    @ApiPropertyOptional({ minimum: 1, maximum: bounds.max, default: bounds.default })
    @IsOptional()
    @TransformTo(() => Number)
    @IsInt()
    @Min(1)
    @Max(bounds.max)
    limit: number = bounds.default;
  }
  return BoundedLimitQuery;
}

/** `?limit=&cursor=`: a keyset-paged list, continued from the previous page's `nextCursor` (a PageCursor). */
export function PageQuery(bounds: LimitBounds = STANDARD_LIMIT): Type<PageParameters> {
  class BoundedPageQuery extends LimitQuery(bounds) implements PageParameters {
    @ApiPropertyOptional({ description: "The previous page's nextCursor" })
    @IsOptional()
    @IsString()
    @MaxLength(CURSOR_MAX_LENGTH)
    cursor?: string;
  }
  return BoundedPageQuery;
}

/** The OpenAPI shape of a `Page` of `item`: `class DevicePage extends PageResponse(DeviceView) {}`. */
export function PageResponse<T>(item: Type<T>): Type<Page<T>> {
  class ItemPage implements Page<T> {
    @ApiProperty({ type: [item] }) items: T[];
    @ApiProperty({ type: String, nullable: true, description: 'Continues the list as `cursor`; null on the last page' }) nextCursor:
      string | null;
  }
  return ItemPage;
}
