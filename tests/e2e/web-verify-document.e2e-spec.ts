import type { Page } from 'playwright-core';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { accessibilityViolations, browserAvailable, keepScreenshot, settled } from '../support/browser';
import { startWebAppInBrowser, type WebAppInBrowser } from '../support/web-app';

const describeInBrowser = browserAvailable() ? describe : describe.skip;

async function letter(title: string): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  document.addPage().drawText(`${title} – Bescheid`, { x: 50, y: 700, font, size: 14 });
  return Buffer.from(await document.save());
}

/** Issue 18: a citizen drops a received PDF on `/{tenant}/pruefen` and reads the verdict in plain German. */
describeInBrowser('checking a signed document on the public page, in Chromium', () => {
  let web: WebAppInBrowser;
  let signed: Buffer;

  async function token(email: string): Promise<string> {
    const answer = await fetch(`${web.origin}/api/v1/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    return ((await answer.json()) as { access_token: string }).access_token;
  }

  async function call(path: string, bearer: string, init: RequestInit = {}): Promise<Response> {
    const answer = await fetch(`${web.origin}${path}`, { ...init, headers: { ...init.headers, authorization: `Bearer ${bearer}` } });
    if (!answer.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${answer.status} ${await answer.text()}`);
    return answer;
  }

  beforeAll(async () => {
    web = await startWebAppInBrowser('verify');
    // This suite is about reading the verdict, not about the second factor: the municipality turns it off.
    const admin = await token('admin@demo.example');
    await call('/api/v1/tenants/demo/signature-settings', admin, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ allowEmbeddedFiles: false, requireSecondFactor: false }),
    });
    const staff = await token('staff@demo.example');
    const clerk = await token('clerk@demo.example');
    const form = new FormData();
    form.append('file', new Blob([await letter('Gewerbeanmeldung')], { type: 'application/pdf' }), 'bescheid.pdf');
    form.append('title', 'Gewerbeanmeldung');
    form.append('steps', JSON.stringify([['clerk@demo.example']]));
    form.append('dueAt', new Date(Date.now() + 7 * 86_400_000).toISOString());
    const created = (await (await call('/api/v1/tenants/demo/signature-requests', staff, { method: 'POST', body: form })).json()) as {
      id: string;
    };
    await call(`/api/v1/tenants/demo/signature-requests/${created.id}/sign`, clerk, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    signed = Buffer.from(await (await call(`/api/v1/tenants/demo/signature-requests/${created.id}/document`, staff)).arrayBuffer());
  }, 180_000);
  afterAll(() => web?.close());

  async function check(page: Page, pdf: Buffer): Promise<void> {
    await page.goto(`${web.origin}/demo/pruefen`);
    await page.getByRole('heading', { level: 1, name: 'Signiertes Dokument prüfen' }).waitFor();
    await page.getByLabel('Dokument (PDF)').setInputFiles({ name: 'bescheid.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByRole('button', { name: 'Dokument prüfen' }).click();
    // The verdict, or a refusal of the check itself (which fails the test with its text).
    await page.locator('#verify-result, form + div [role=alert]').first().waitFor();
    if ((await page.locator('#verify-result').count()) === 0) throw new Error(`not checked: ${await page.locator('main').textContent()}`);
    await settled(page);
  }

  it('says a signed document is unchanged and names the signer, the municipality and the CA fingerprint', async () => {
    const page = await (await web.browser.newContext({ locale: 'de-DE', viewport: { width: 390, height: 844 } })).newPage();
    await check(page, signed);
    const verdict = page.getByRole('region', { name: 'Ergebnis' });
    await expect(verdict.textContent()).resolves.toContain('Das Dokument ist unverändert, seit es signiert wurde. Die Signatur ist gültig');
    const result = page.getByRole('region', { name: 'Signatur 1' });
    await expect(result.textContent()).resolves.toContain('Clara Bürgerbüro');
    await expect(result.textContent()).resolves.toContain('Gültig: Die Signatur ist echt und stammt von dieser Kommune.');
    // The signing date in German form, never ISO.
    expect(await result.textContent()).toMatch(/\d{2}\.\d{2}\.\d{4}/);
    const published = await fetch(`${web.origin}/api/v1/tenants/demo/signatures/ca.pem`);
    await expect(page.locator('code.fingerprint').textContent()).resolves.toBe(published.headers.get('x-certificate-sha256'));
    expect(await accessibilityViolations(page)).toEqual([]);
    await keepScreenshot(page, 'verify-document-intact-390');
  });

  it('warns when a signed byte was changed, and says so for a document without signature', async () => {
    const page = await (await web.browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 900 } })).newPage();
    // One byte in the middle of the first signed range (before the signature's own value).
    const [, firstRangeLength] = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)/.exec(signed.toString('latin1'))!.slice(1).map(Number);
    const tampered = Buffer.from(signed);
    tampered[Math.floor(firstRangeLength / 2)] ^= 0x01;
    await check(page, tampered);
    await expect(page.getByRole('region', { name: 'Ergebnis' }).textContent()).resolves.toContain('Vorsicht');
    await expect(page.getByRole('region', { name: 'Signatur 1' }).textContent()).resolves.toContain(
      'Der signierte Inhalt wurde verändert.',
    );
    expect(await accessibilityViolations(page)).toEqual([]);
    await keepScreenshot(page, 'verify-document-changed-1280');

    await check(page, await letter('Ohne Signatur'));
    await expect(page.getByRole('region', { name: 'Ergebnis' }).textContent()).resolves.toContain(
      'Das Dokument enthält keine elektronische Signatur.',
    );
  });
});
