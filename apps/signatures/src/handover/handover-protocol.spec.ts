import { HandoverRequestedV1 } from '@amtsweg/contracts';
import { PDFDocument } from 'pdf-lib';
import { handoverProtocol, wipeSentence } from './handover-protocol';

const date = new Date('2026-12-01T09:00:00+01:00');

function event(overrides: Partial<HandoverRequestedV1> = {}): HandoverRequestedV1 {
  return Object.assign(new HandoverRequestedV1(), {
    handoverId: '0190a000-0000-7000-8000-000000000001',
    employee: { userId: 'u-admin', email: 'it-admin@demo.example', name: 'Ilka IT' },
    requestedBy: 'u-admin',
    devices: [{ deviceId: '0190a000-0000-7000-8000-000000000002', type: 'laptop', model: 'Lenovo ThinkPad T14 Gen 5', serial: 'PF4XK29A' }],
    kitLabel: 'Rückgabe: Laptop PF4XK29A',
    ...overrides,
  });
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
