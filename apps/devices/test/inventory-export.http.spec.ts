import { startDevicesApp, type DevicesTestApp } from './devices-app';

const IT_ADMIN = 'it-admin@demo.example';

/** Reads the body as text whatever the content type (supertest buffers unknown types). */
const text = (res: { text?: string; body?: unknown }) => res.text ?? String(res.body);

describe('inventory export as CSV over HTTP (embedded database)', () => {
  let t: DevicesTestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startDevicesApp();
    admin = await t.bearer(IT_ADMIN);
  }, 60_000);
  afterAll(() => t?.close());

  const register = (body: Record<string, unknown>) =>
    t
      .http()
      .post('/api/v1/tenants/demo/devices')
      .set('Authorization', admin)
      .send({ type: 'laptop', model: 'Testbook', ...body })
      .expect(201);
  const exportCsv = (query = '', as = admin) => t.http().get(`/api/v1/tenants/demo/devices/export.csv${query}`).set('Authorization', as);

  it('answers UTF-8 with BOM, `;` separated, quoted, with formulas neutralised and the list’s filters applied', async () => {
    await register({
      serial: 'EXP-1',
      model: '=HYPERLINK("http://evil.example","klick")',
      supplier: '+49 Lieferant',
      assetTag: '@SUM(A1)',
    });
    await register({ serial: 'EXP-2', type: 'phone', model: '-2+3', supplier: 'Müller & Söhne; "Nord"' });
    await register({ serial: 'OTHER-3', model: 'Harmlos' });

    const res = await exportCsv('?q=EXP-').expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="inventar.csv"');
    const body = text(res);
    expect(body.startsWith('\uFEFF')).toBe(true);
    const lines = body.slice(1).split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toBe(
      '"Seriennummer";"Art";"Modell";"Inventarnummer";"IMEI";"Status";"Bei";"Bestellnummer";"Lieferant";"Geliefert am";"Garantie bis"',
    );
    // Newest first; only the two that match the search.
    expect(lines.slice(1, -1)).toEqual([
      '"EXP-2";"phone";"\'-2+3";"";"";"in_stock";"";"";"Müller & Söhne; ""Nord""";"";""',
      '"EXP-1";"laptop";"\'=HYPERLINK(""http://evil.example"",""klick"")";"\'@SUM(A1)";"";"in_stock";"";"";"\'+49 Lieferant";"";""',
    ]);

    const phones = text(await exportCsv('?type=phone&q=EXP-').expect(200));
    expect(phones.split('\r\n').filter(Boolean)).toHaveLength(2);
  });

  it('is for IT admins only, and refuses bad filters with 400', async () => {
    await exportCsv('', await t.bearer('staff@demo.example')).expect(403);
    await t.http().get('/api/v1/tenants/demo/devices/export.csv').expect(401);
    await exportCsv('?status=broken').expect(400);
    await exportCsv(`?q=${'x'.repeat(101)}`).expect(400);
  });
});
