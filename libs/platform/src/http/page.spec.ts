import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { LimitQuery, pageOf, PageQuery } from './page';

function parse<T extends object>(type: new () => T, query: Record<string, string>): { value: T; invalid: string[] } {
  const value = plainToInstance(type, query);
  return { value, invalid: validateSync(value, { forbidUnknownValues: true }).map((error) => error.property) };
}

describe('PageQuery', () => {
  const StandardQuery = PageQuery();

  it('takes 50 items unless asked, and any limit from 1 to 200', () => {
    expect(parse(StandardQuery, {})).toEqual({ value: expect.objectContaining({ limit: 50 }), invalid: [] });
    expect(parse(StandardQuery, { limit: '1' }).value.limit).toBe(1);
    expect(parse(StandardQuery, { limit: '200', cursor: 'abc' })).toEqual({
      value: expect.objectContaining({ limit: 200, cursor: 'abc' }),
      invalid: [],
    });
  });

  it.each(['0', '201', '-1', '1.5', 'ten', ''])('refuses limit=%j', (limit) => {
    expect(parse(StandardQuery, { limit }).invalid).toEqual(['limit']);
  });

  it('refuses a cursor longer than any it hands out', () => {
    expect(parse(StandardQuery, { cursor: 'a'.repeat(200) }).invalid).toEqual([]);
    expect(parse(StandardQuery, { cursor: 'a'.repeat(201) }).invalid).toEqual(['cursor']);
  });

  it('takes per-list bounds without touching the standard ones', () => {
    const WholeDay = PageQuery({ default: 200, max: 200 });
    expect(parse(WholeDay, {}).value.limit).toBe(200);
    expect(parse(WholeDay, { limit: '201' }).invalid).toEqual(['limit']);
    expect(parse(StandardQuery, {}).value.limit).toBe(50);
    const Short = LimitQuery({ default: 10, max: 20 });
    expect(parse(Short, {}).value.limit).toBe(10);
    expect(parse(Short, { limit: '21' }).invalid).toEqual(['limit']);
  });
});

describe('pageOf', () => {
  const cursorAfter = (last: number) => `after-${last}`;

  it('cuts the extra row and continues after the last item kept', () => {
    expect(pageOf([5, 4, 3], 2, cursorAfter)).toEqual({ items: [5, 4], nextCursor: 'after-4' });
  });

  it('ends the list when no extra row came back', () => {
    expect(pageOf([5, 4], 2, cursorAfter)).toEqual({ items: [5, 4], nextCursor: null });
    expect(pageOf([], 2, cursorAfter)).toEqual({ items: [], nextCursor: null });
  });
});
