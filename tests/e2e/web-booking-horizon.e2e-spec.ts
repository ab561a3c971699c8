import type { Browser, Page } from 'playwright-core';
import { dataSourceToken } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { DEMO_IDS } from '../../apps/appointments/src/seed/demo-data';
import { accessibilityViolations, browserAvailable, keepScreenshot, settled } from '../support/browser';
import { startWebAppInBrowser, type WebAppInBrowser } from '../support/web-app';

const describeInBrowser = browserAvailable() ? describe : describe.skip;
const MITTE = DEMO_IDS.offices.demoMitte;
const MELDE = DEMO_IDS.services.demoMeldebescheinigung;
const DAY_MS = 86_400_000;

/** The booking page's day list reaches as far ahead as the municipality lets citizens book. */
describeInBrowser('the booking page up to the booking horizon, in Chromium', () => {
  let web: WebAppInBrowser;
  let browser: Browser;
  let origin: string;
  let appointments: DataSource;

  beforeAll(async () => {
    web = await startWebAppInBrowser('horizon');
    ({ browser, origin } = web);
    appointments = web.app.get<DataSource>(dataSourceToken('appointments'));
  }, 120_000);

  afterAll(() => web?.close());

  async function settings(bookingWindowDays: number, leadTimeMinutes: number): Promise<void> {
    await appointments.query(`UPDATE appointments.tenant SET booking_window_days = $1, lead_time_minutes = $2 WHERE slug = 'demo'`, [
      bookingWindowDays,
      leadTimeMinutes,
    ]);
  }

  async function dayStep(): Promise<Page> {
    const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${origin}/demo/termin?${new URLSearchParams({ dienst: MELDE, standort: MITTE })}`);
    await page.getByRole('heading', { level: 1, name: 'An welchem Tag?' }).waitFor();
    await settled(page);
    return page;
  }

  /** The days the page offers now (each link's `tag`). */
  async function offeredDays(page: Page): Promise<string[]> {
    const list = page.getByRole('list', { name: 'An welchem Tag?' });
    if ((await list.count()) === 0) return [];
    const hrefs = await list.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    return hrefs.map((href) => new URL(href, origin).searchParams.get('tag') ?? '');
  }

  async function turnTo(page: Page, name: string): Promise<void> {
    const before = page.url();
    await page.getByRole('link', { name }).click();
    await page.waitForURL((url) => url.toString() !== before);
    await page.getByRole('heading', { level: 1, name: 'An welchem Tag?' }).waitFor();
    await settled(page);
  }

  /** The last day with a free slot, as the API reports it for the weeks before the horizon (Berlin time). */
  async function lastBookableDay(): Promise<string> {
    const now = Date.now();
    const query = new URLSearchParams({
      officeId: MITTE,
      serviceId: MELDE,
      from: new Date(now + 40 * DAY_MS).toISOString(),
      to: new Date(now + 62 * DAY_MS).toISOString(),
    });
    const slots = (await (await fetch(`${origin}/api/v1/tenants/demo/slots?${query}`)).json()) as Array<{ start: string }>;
    expect(slots.length).toBeGreaterThan(0);
    const last = slots[slots.length - 1].start;
    return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
      new Date(last),
    );
  }

  it('with a horizon of 60 days, the citizen pages through the weeks to the last bookable day and books a time on it', async () => {
    await settings(60, 60);
    const lastDay = await lastBookableDay();
    const page = await dayStep();
    const seen = await offeredDays(page);
    for (let turns = 0; turns < 10 && (await page.getByRole('link', { name: 'Spätere Tage' }).count()) > 0; turns++) {
      await turnTo(page, 'Spätere Tage');
      seen.push(...(await offeredDays(page)));
    }
    expect(seen.at(-1)).toBe(lastDay);
    expect(new Set(seen).size).toBe(seen.length);
    const violations = await accessibilityViolations(page);
    await keepScreenshot(page, 'horizon-1-last-weeks');
    expect(violations).toEqual([]);

    // The last day's times load too (not only those of the first two weeks), and Back returns to these weeks.
    await page.getByRole('list', { name: 'An welchem Tag?' }).getByRole('link').last().click();
    await page.getByRole('heading', { level: 1, name: 'Um wie viel Uhr?' }).waitFor();
    expect(await page.getByRole('list', { name: 'Um wie viel Uhr?' }).getByRole('link').count()).toBeGreaterThan(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Zurück' }).click();
    await page.getByRole('heading', { level: 1, name: 'An welchem Tag?' }).waitFor();
    await settled(page);
    expect(await offeredDays(page)).toContain(lastDay);

    // And back through the earlier weeks to the first.
    for (let turns = 0; turns < 10 && (await page.getByRole('link', { name: 'Frühere Tage' }).count()) > 0; turns++) {
      await turnTo(page, 'Frühere Tage');
    }
    expect(await offeredDays(page)).toEqual(seen.slice(0, (await offeredDays(page)).length));
  }, 120_000);

  it('when nothing is free in the first weeks, the empty state offers the next weeks', async () => {
    // Nothing bookable sooner than 20 days ahead: the first two weeks are empty.
    await settings(60, 20 * 24 * 60);
    try {
      const page = await dayStep();
      expect(await offeredDays(page)).toEqual([]);
      expect(await page.getByRole('link', { name: 'Spätere Tage' }).count()).toBe(1);
      const violations = await accessibilityViolations(page);
      await keepScreenshot(page, 'horizon-2-empty-weeks');
      expect(violations).toEqual([]);
      await turnTo(page, 'Spätere Tage');
      expect((await offeredDays(page)).length).toBeGreaterThan(0);
    } finally {
      await settings(60, 60);
    }
  }, 120_000);
});
