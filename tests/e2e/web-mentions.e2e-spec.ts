import type { Page } from 'playwright-core';
import { accessibilityViolations, browserAvailable, keepScreenshot, settled } from '../support/browser';
import { startWebAppInBrowser, type WebAppInBrowser } from '../support/web-app';

const describeInBrowser = browserAvailable() ? describe : describe.skip;

/** Issue 22 (reactions): toggle buttons with counts under each message, live from others, axe 0. Mentions are not built yet. */
describeInBrowser('reactions in a conversation, in Chromium', () => {
  let web: WebAppInBrowser;

  beforeAll(async () => {
    web = await startWebAppInBrowser('mentions');
  }, 120_000);
  afterAll(() => web?.close());

  async function bearer(email: string): Promise<string> {
    const response = await fetch(`${web.origin}/api/v1/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    return `Bearer ${((await response.json()) as { access_token: string }).access_token}`;
  }

  async function call<T>(email: string, method: string, path: string, body?: object): Promise<T> {
    const response = await fetch(`${web.origin}/api/v1/tenants/demo${path}`, {
      method,
      headers: { authorization: await bearer(email), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  it('lets the clerk react with a button (pressed, counted) and shows a colleague’s reaction live', async () => {
    const people = await call<Array<{ id: string; name: string }>>('staff@demo.example', 'GET', '/people');
    const clerk = people.find((person) => person.name === 'Clara Bürgerbüro');
    if (!clerk) throw new Error('no Clara Bürgerbüro in the directory');
    const conversation = await call<{ id: string }>('staff@demo.example', 'POST', '/conversations', { kind: 'direct', memberId: clerk.id });
    const message = await call<{ id: string }>('staff@demo.example', 'POST', `/conversations/${conversation.id}/messages`, {
      body: 'Können Sie morgen die Vertretung übernehmen?',
    });

    const page: Page = await (await web.browser.newContext({ locale: 'de-DE', viewport: { width: 390, height: 844 } })).newPage();
    await page.goto(`${web.origin}/anmelden`);
    await page.getByRole('button', { name: 'Als Clara Bürgerbüro anmelden' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Arbeitsplatz' }).waitFor();
    await page.goto(`${web.origin}/arbeitsplatz/nachrichten/${conversation.id}`);
    const reactions = page.getByRole('group', { name: 'Reaktionen' });
    await reactions.waitFor();

    const thumbs = reactions.getByRole('button', { name: 'Daumen hoch: 0' });
    await expect(thumbs.getAttribute('aria-pressed')).resolves.toBe('false');
    await thumbs.click();
    const pressed = page.getByRole('button', { name: 'Daumen hoch: 1' });
    await pressed.waitFor();
    await expect(pressed.getAttribute('aria-pressed')).resolves.toBe('true');

    await call('staff@demo.example', 'PUT', `/conversations/${conversation.id}/messages/${message.id}/reactions/heart`);
    const heart = page.getByRole('button', { name: 'Herz: 1' });
    await heart.waitFor({ timeout: 10_000 });
    await expect(heart.getAttribute('aria-pressed')).resolves.toBe('false');
    await expect(
      call<{ items: Array<{ reactions: unknown }> }>('clerk@demo.example', 'GET', `/conversations/${conversation.id}/messages`),
    ).resolves.toMatchObject({
      items: [
        {
          reactions: [
            { name: 'thumbs-up', count: 1, mine: true },
            { name: 'heart', count: 1, mine: false },
          ],
        },
      ],
    });

    await settled(page);
    const violations = await accessibilityViolations(page);
    await keepScreenshot(page, 'conversation-reactions');
    expect(violations).toEqual([]);
  }, 120_000);
});
