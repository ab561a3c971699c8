import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDocument, PDFName, type PDFRawStream } from 'pdf-lib';
import { handoverProtocol, wipeSentence, type NamedHandover } from './handover-protocol';

const date = new Date('2026-12-01T09:00:00+01:00');

/** A handover with its people named, as the consumer resolves them from the directory. */
function event(overrides: Partial<NamedHandover> = {}): NamedHandover {
  return {
    handoverId: '0190a000-0000-7000-8000-000000000001',
    employee: { userId: 'u-admin', email: 'it-admin@demo.example', name: 'Ilka IT' },
    requestedBy: 'u-admin',
    devices: [{ deviceId: '0190a000-0000-7000-8000-000000000002', type: 'laptop', model: 'Lenovo ThinkPad T14 Gen 5', serial: 'PF4XK29A' }],
    kitLabel: 'Rückgabe: Laptop PF4XK29A',
    ...overrides,
  };
}

describe('handover and return protocols', () => {
  it('draws a return protocol for kind "return" and the receipt otherwise (events from before returns carry no kind)', async () => {
    const returned = await PDFDocument.load(
      await handoverProtocol(event({ kind: 'return', returnedBy: { userId: 'u-staff', name: 'Sam Sachbearbeitung' } }), date),
    );
    expect(returned.getTitle()).toBe('Rückgabeprotokoll – Rückgabe: Laptop PF4XK29A');
    expect(returned.getSubject()).toBe('Geräterückgabe 0190a000-0000-7000-8000-000000000001');
    const receipt = await PDFDocument.load(await handoverProtocol(event({ kitLabel: 'Geräte-Kit: 1× Laptop' }), date));
    expect(receipt.getTitle()).toBe('Übergabeprotokoll – Geräte-Kit: 1× Laptop');
  });

  it('has the IT administrator confirm the wipe, naming who brought the devices back when known', () => {
    expect(wipeSentence('Ilka IT', 'Sam Sachbearbeitung', date)).toMatch(
      /^Hiermit bestätige ich, Ilka IT, die oben aufgeführten Geräte am 01\.12\.2026 von Sam Sachbearbeitung zurückgenommen und alle darauf gespeicherten Daten vollständig und unwiederbringlich gelöscht/,
    );
    expect(wipeSentence('Ilka IT', undefined, date)).toContain('am 01.12.2026 zurückgenommen');
  });
});

/** The text strings a PDF's pages show (`<hex> Tj`, as pdf-lib writes them), in drawing order. */
async function shownText(pdf: Buffer): Promise<string[]> {
  const document = await PDFDocument.load(pdf);
  const shown: string[] = [];
  for (const page of document.getPages()) {
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => document.context.lookup(ref)) : [contents];
    for (const stream of streams) {
      const operators = inflateSync((stream as PDFRawStream).contents).toString('latin1');
      for (const [, hex] of operators.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g))
        shown.push(Buffer.from(hex, 'hex').toString('latin1').replace(/\x96/g, '–')); // WinAnsi: Latin-1 and the dash the table uses
    }
  }
  return shown;
}

describe('device values in protocols', () => {
  it('are drawn verbatim as text when they look like spreadsheet formulas, and the PDF has no links or actions', async () => {
    const device = (n: number, values: { model: string; serial: string; assetTag?: string }) => ({
      deviceId: `0190a000-0000-7000-8000-00000000001${n}`,
      type: 'laptop',
      ...values,
    });
    const pdf = await handoverProtocol(
      event({
        devices: [
          device(1, { model: '=CMD|calc!A0', serial: '-R58W31ZQ', assetTag: '@SUM(A1)' }),
          device(2, { model: '+49-30-1234', serial: 'PF4XK29B', assetTag: '-2+3' }),
          device(3, { model: '\t=1+1', serial: 'PF4XK29C' }),
          device(4, { model: '\r=2+2', serial: 'PF4XK29D' }),
        ],
      }),
      date,
    );
    const shown = await shownText(pdf);
    const table = shown.slice(shown.indexOf('Inventarnummer') + 1, shown.indexOf('Empfangsbestätigung'));
    expect(table).toEqual([
      ...['1', 'Notebook', '=CMD|calc!A0', '-R58W31ZQ', '@SUM(A1)'],
      ...['2', 'Notebook', '+49-30-1234', 'PF4XK29B', '-2+3'],
      ...['3', 'Notebook', '=1+1', 'PF4XK29C', '–'],
      ...['4', 'Notebook', '=2+2', 'PF4XK29D', '–'],
    ]);
    const document = await PDFDocument.load(pdf);
    for (const page of document.getPages()) expect(page.node.Annots()?.size() ?? 0).toBe(0); // pdf-lib's loader adds an empty array
    for (const key of ['OpenAction', 'AA', 'Names', 'AcroForm']) expect(document.catalog.get(PDFName.of(key))).toBeUndefined();
  });
});
