import { HandoverRequestedV1 } from '@amtsweg/contracts';
import fc from 'fast-check';
import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import { activeContentPdfs } from '../../test/signing-fixtures';
import { handoverProtocol } from '../handover/handover-protocol';
import { findActiveContent } from './active-content';

const load = async (bytes: Buffer | Uint8Array) => PDFDocument.load(bytes, { updateMetadata: false });

describe('active content in a PDF', () => {
  it.each([
    ['openActionJavaScript', ['javascript']],
    ['pageAdditionalAction', ['javascript']],
    ['namesJavaScript', ['javascript']],
    ['launchAction', ['launch']],
    ['embeddedFile', ['embedded-file']],
    ['richMedia', ['rich-media']],
    ['xfaForm', ['xfa']],
    ['javaScriptInLaterRevision', ['javascript']],
  ] as const)('finds it in %s', async (fixture, found) => {
    expect(findActiveContent(await load(await activeContentPdfs[fixture]()))).toEqual(found);
  });

  it('names each kind once, in a stable order, however much of it there is', async () => {
    const document = await load(await activeContentPdfs.launchAction());
    await document.attach(Buffer.from('x'), 'x.txt');
    document.catalog.set(PDFName.of('OpenAction'), document.context.obj({ S: 'JavaScript', JS: PDFString.of('1') }));
    document.getPage(0).node.set(PDFName.of('AA'), document.context.obj({ C: { S: 'JavaScript', JS: PDFString.of('2') } }));
    expect(findActiveContent(await load(await document.save()))).toEqual(['javascript', 'launch', 'embedded-file']);
  });

  it('finds nothing in a plain document, whatever its text and pages', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.string({ maxLength: 60 }),
        fc.boolean(),
        async (pages, text, useObjectStreams) => {
          const document = await PDFDocument.create();
          const font = await document.embedFont(StandardFonts.Helvetica);
          // Text that names the keys is content, not structure: "JavaScript" on a page is harmless.
          for (let i = 0; i < pages; i++)
            document.addPage().drawText(`/JavaScript /Launch ${text.replace(/[^\x20-\x7e]/g, '')}`, { x: 40, y: 700, font, size: 10 });
          document.setTitle(`/JS ${text}`);
          expect(findActiveContent(await load(await document.save({ useObjectStreams })))).toEqual([]);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('finds nothing in the handover protocols signatures draws itself', async () => {
    const event = Object.assign(new HandoverRequestedV1(), {
      handoverId: '0190a000-0000-7000-8000-000000000001',
      employee: { userId: 'u-staff', email: 'staff@demo.example', name: 'Sam Sachbearbeitung' },
      requestedBy: 'u-admin',
      devices: [{ deviceId: '0190a000-0000-7000-8000-000000000002', type: 'laptop', model: 'ThinkPad T14', serial: 'PF4XK29A' }],
      kitLabel: 'Arbeitsplatz Standard',
    });
    expect(findActiveContent(await load(await handoverProtocol(event, new Date('2026-12-01T09:00:00Z'))))).toEqual([]);
  });
});
