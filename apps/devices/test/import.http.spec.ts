import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { luhnCheckDigit } from '../src/inventory/imei';
import { startDevicesApp, type DevicesTestApp } from './devices-app';
import { windows1252 } from './windows-1252';

const IT_ADMIN = 'it-admin@demo.example';
const HEADER = 'type,model,serial,assetTag,imei,orderNumber,supplier,deliveredOn,warrantyUntil';

function imeiFor(n: number): string {
  const body = `35${String(n).padStart(12, '0')}`;
  return body + luhnCheckDigit(body);
}

function row(n: number, prefix: string): string {
  return `phone,Samsung Galaxy A55,${prefix}-${n},INV-${n},${imeiFor(n)},BE-2026-${n % 100},"Systemhaus Nord, GmbH",2026-11-02,2029-11-01`;
}

describe('CSV import over HTTP (embedded database)', () => {
  let t: DevicesTestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startDevicesApp();
    admin = await t.bearer(IT_ADMIN);
  }, 60_000);
  afterAll(() => t?.close());

  const importCsv = (csv: string | Buffer, as = admin, contentType = 'text/csv') =>
    t.http().post('/api/v1/tenants/demo/devices/import').set('Authorization', as).set('Content-Type', contentType).send(csv);

  it('imports the valid rows, reports every invalid one by line and reason, and a second import changes nothing', async () => {
    const csv = [
      HEADER,
      row(1, 'IMP'),
      'laptop,Lenovo ThinkPad T14,IMP-2,,,,,,',
      'phone,Samsung Galaxy A55,IMP-3,,490154203237519,,,,', // wrong check digit
      'desktop,Dell OptiPlex,IMP-4,,,,,,', // unknown type
      'tablet,iPad,IMP-5,,,,,2026-02-30,', // no such date
      'tablet,iPad,IMP-1,,,,,,', // serial already in line 2
      'tablet,iPad',
      '"accessory","Jabra Evolve2 65, Headset",IMP-9,,,,,2026-11-02,2028-11-01',
    ].join('\n');
    const first = await importCsv(csv).expect(200);
    expect(first.body).toEqual({
      encoding: 'utf-8',
      imported: 3,
      unchanged: 0,
      failedCount: 5,
      failed: [
        { line: 4, reason: expect.stringContaining('Prüfziffer') },
        { line: 5, reason: expect.stringContaining('Gerätetyp') },
        { line: 6, reason: expect.stringContaining('Lieferdatum') },
        { line: 7, reason: expect.stringContaining('Zeile 2') },
        { line: 8, reason: expect.stringContaining('2 statt 9') },
      ],
    });
    const second = await importCsv(csv).expect(200);
    expect(second.body).toMatchObject({ imported: 0, unchanged: 3, failedCount: 5 });

    const [{ count }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM devices.device WHERE tenant = 'demo' AND serial LIKE 'IMP-%'`,
    );
    expect(count).toBe(3);
    const list = await t.http().get('/api/v1/tenants/demo/devices').query({ q: 'IMP-9' }).set('Authorization', admin).expect(200);
    const headset = list.body.items[0];
    expect(headset).toMatchObject({
      type: 'accessory',
      model: 'Jabra Evolve2 65, Headset',
      status: 'in_stock',
      purchase: { deliveredOn: '2026-11-02', warrantyUntil: '2028-11-01' },
    });
    const detail = await t.http().get(`/api/v1/tenants/demo/devices/${headset.id}`).set('Authorization', admin).expect(200);
    expect(detail.body.history).toEqual([
      expect.objectContaining({ from: null, to: 'in_stock', reason: 'Import', actor: t.userId(IT_ADMIN) }),
    ]);
  });

  it('imports German Excel’s CSV (Windows-1252, German headers and dates) as written, and says it read Windows-1252', async () => {
    const csv = windows1252(
      [
        'Gerätetyp;Modell;Seriennummer;Inventarnummer;IMEI;Bestellnummer;Lieferant;Lieferdatum;Garantie bis',
        'laptop;Lenovo ThinkPad T14 – Gen 5;W1252-1;INV-Ä1;;BE-2026-1;Bürotechnik Müller GmbH;07.12.2026;06.12.2029',
        `phone;Samsung Galaxy A55;W1252-2;;${imeiFor(7)};;„Süd“ Systemhaus;1.2.2026;2028-01-31`,
      ].join('\r\n') + '\r\n',
    );
    const { body } = await importCsv(csv).expect(200);
    expect(body).toEqual({ encoding: 'windows-1252', imported: 2, unchanged: 0, failed: [], failedCount: 0 });
    const rows = await t.dataSource.query(
      `SELECT model, asset_tag, supplier, delivered_on::text, warranty_until::text FROM devices.device WHERE serial LIKE 'W1252-%' ORDER BY serial`,
    );
    expect(rows).toEqual([
      {
        model: 'Lenovo ThinkPad T14 – Gen 5',
        asset_tag: 'INV-Ä1',
        supplier: 'Bürotechnik Müller GmbH',
        delivered_on: '2026-12-07',
        warranty_until: '2029-12-06',
      },
      {
        model: 'Samsung Galaxy A55',
        asset_tag: null,
        supplier: '„Süd“ Systemhaus',
        delivered_on: '2026-02-01',
        warranty_until: '2028-01-31',
      },
    ]);
  });

  it('accepts German headers and German dates beside the English ones and ISO dates', async () => {
    const { body } = await importCsv(
      'Seriennummer;Gerätetyp;Modell;Lieferdatum;Garantie bis\nDE-1;laptop;ThinkPad;07.12.2026;2029-12-06\n',
    ).expect(200);
    expect(body).toMatchObject({ imported: 1, failedCount: 0 });
    const [device] = await t.dataSource.query(`SELECT delivered_on::text, warranty_until::text FROM devices.device WHERE serial = 'DE-1'`);
    expect(device).toEqual({ delivered_on: '2026-12-07', warranty_until: '2029-12-06' });
    const invalid = await importCsv('type;model;serial;deliveredOn\nlaptop;ThinkPad;DE-2;30.02.2026\n').expect(200);
    expect(invalid.body.failed).toEqual([{ line: 2, reason: expect.stringContaining('Lieferdatum') }]);
  });

  it('refuses a row that is not UTF-8 in a file that began as UTF-8, and stores no replacement character', async () => {
    const csv = Buffer.concat([
      Buffer.from('type,model,serial\nlaptop,Gerät für Jürgen,MIX-1\n', 'utf8'),
      windows1252('laptop,Gerät für Müller,MIX-2\n'),
      Buffer.from('laptop,ThinkPad,MIX-3\nlaptop,Kaputt \ufffd,MIX-4\n', 'utf8'),
    ]);
    const { body } = await importCsv(csv).expect(200);
    expect(body).toEqual({
      encoding: 'utf-8',
      imported: 2,
      unchanged: 0,
      failedCount: 2,
      failed: [
        { line: 3, reason: expect.stringContaining('UTF-8') },
        { line: 5, reason: expect.stringContaining('UTF-8') },
      ],
    });
    const [{ count }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM devices.device WHERE position(chr(65533) IN model) > 0`,
    );
    expect(count).toBe(0);
  });

  it('accepts a semicolon file with the columns in another order', async () => {
    const { body } = await importCsv('serial;model;type\nSEMI-1;Netgear M6;hotspot\n').expect(200);
    expect(body).toMatchObject({ imported: 1, failedCount: 0 });
  });

  it('refuses a file without the needed columns, an empty file, another content type, and staff', async () => {
    expect((await importCsv('type,model\nlaptop,X\n').expect(400)).body.code).toBe('IMPORT.INVALID_HEADER');
    expect((await importCsv('type,model,serial,colour\n').expect(400)).body.detail).toContain('colour');
    await importCsv(' ').expect(400);
    await importCsv('type,model,serial\n', admin, 'text/plain').expect(415);
    await importCsv('type,model,serial\n', await t.bearer('staff@demo.example')).expect(403);
  });

  it('reports a broken quote at its line and keeps what came before', async () => {
    const { body } = await importCsv(`${HEADER}\n${row(1, 'QUOTE')}\nlaptop,"offen,QUOTE-2,,,,,,\n`).expect(200);
    expect(body.imported).toBe(1);
    expect(body.failed).toEqual([{ line: 3, reason: expect.stringContaining('Anführungszeichen') }]);
  });

  it('streams 100,000 rows through the route: all imported, heap growth far below the rows’ own size', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const ROWS = 100_000;
    await new Promise<void>((resolve) => t.app.getHttpServer().listen(0, '127.0.0.1', resolve));
    const { port } = t.app.getHttpServer().address() as AddressInfo;

    // Holding 100,000 parsed rows costs some 57 MB of heap (measured); a streaming import stays at a few MB.
    // A fixed bound, not a second measurement: heap differences between two gc() calls are too noisy to divide.
    const HEAP_GROWTH_LIMIT = 20e6;
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    function* lines() {
      yield `${HEADER}\n`;
      for (let n = 0; n < ROWS; n += 500) {
        // What the import keeps alive while it runs (collected first, so garbage does not count).
        if (n % 5_000 === 0) {
          gc();
          peak = Math.max(peak, process.memoryUsage().heapUsed);
        }
        let chunk = '';
        for (let i = n; i < Math.min(n + 500, ROWS); i++) chunk += `${row(i, 'BULK')}\n`;
        yield chunk;
      }
    }
    const started = Date.now();
    const report = await new Promise<{ imported: number; unchanged: number; failedCount: number }>((resolve, reject) => {
      const request = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/v1/tenants/demo/devices/import',
          headers: { Authorization: admin, 'Content-Type': 'text/csv', 'Transfer-Encoding': 'chunked' },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8').on('data', (part: string) => (text += part));
          response.on('end', () =>
            response.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new Error(`${response.statusCode}: ${text}`)),
          );
        },
      );
      request.on('error', reject);
      Readable.from(lines()).pipe(request);
    });
    const growth = peak - baseline;
    expect(report).toEqual({ imported: ROWS, unchanged: 0, failed: [], failedCount: 0, encoding: 'utf-8' });
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM devices.device WHERE serial LIKE 'BULK-%'`);
    expect(count).toBe(ROWS);
    console.info(`100,000 rows in ${Date.now() - started} ms; peak heap growth ${(growth / 1e6).toFixed(1)} MB`);
    expect(growth).toBeLessThan(HEAP_GROWTH_LIMIT);
  }, 240_000);
});
