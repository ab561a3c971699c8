import type { HandoverRequestedV1, HandoverReturnerV1 } from '@amtsweg/contracts';
import { germanDate } from '../http/api-time';
import { PdfLayout } from '../documents/pdf-layout';

const DEVICE_TYPES: Record<string, string> = {
  laptop: 'Notebook',
  notebook: 'Notebook',
  desktop: 'Arbeitsplatzrechner',
  smartphone: 'Smartphone',
  phone: 'Telefon',
  tablet: 'Tablet',
  monitor: 'Monitor',
  headset: 'Headset',
  dockingstation: 'Dockingstation',
  'docking-station': 'Dockingstation',
};

/** The sentence the employee signs: they received these devices, complete and working. */
export function receiptSentence(name: string, date: Date): string {
  return (
    `Hiermit bestätige ich, ${name}, die oben aufgeführten Geräte am ${germanDate(date)} vollständig und in ordnungsgemäßem Zustand erhalten zu haben. ` +
    'Ich verpflichte mich, die Geräte sorgfältig zu behandeln, ausschließlich dienstlich zu nutzen und sie bei Beendigung des Dienstverhältnisses oder auf Anforderung unverzüglich zurückzugeben.'
  );
}

/** The sentence the IT administrator signs on a return: the devices came back and their data is gone. */
export function wipeSentence(name: string, returnedBy: string | undefined, date: Date): string {
  return (
    `Hiermit bestätige ich, ${name}, die oben aufgeführten Geräte am ${germanDate(date)}${returnedBy ? ` von ${returnedBy}` : ''} zurückgenommen ` +
    'und alle darauf gespeicherten Daten vollständig und unwiederbringlich gelöscht zu haben (Zurücksetzen auf Werkseinstellungen, Entfernen aus der Geräteverwaltung).'
  );
}

/**
 * A handover as the protocol shows it: the event (which names people by user id only) with the
 * signer's name and address, and the returner's name, as the directory knows them.
 */
export type NamedHandover = Omit<HandoverRequestedV1, 'employee' | 'returnedBy'> & {
  employee: { userId: string; email: string; name: string };
  returnedBy?: HandoverReturnerV1;
};

/** The protocol of a handover (the employee signs the receipt) or of a return (the IT administrator signs the wipe), as a PDF. */
export async function handoverProtocol(event: NamedHandover, date: Date): Promise<Buffer> {
  return event.kind === 'return' ? returnProtocol(event, date) : receiptProtocol(event, date);
}

/** The handover protocol (Übergabeprotokoll) for a kit of devices, as a PDF the employee signs. */
async function receiptProtocol(event: NamedHandover, date: Date): Promise<Buffer> {
  const layout = await PdfLayout.create({ title: `Übergabeprotokoll – ${event.kitLabel}`, subject: `Geräteübergabe ${event.handoverId}` });
  return deviceTable(
    layout
      .heading('Übergabeprotokoll', 20)
      .paragraph('Übergabe dienstlicher IT-Geräte', { grey: true })
      .facts([
        ['Mitarbeiterin/Mitarbeiter', event.employee.name],
        ['E-Mail', event.employee.email],
        ['Ausstattung', event.kitLabel],
        ['Datum', germanDate(date)],
        ['Übergabe-Nr.', event.handoverId],
      ]),
    event,
  )
    .heading('Empfangsbestätigung', 13)
    .paragraph(receiptSentence(event.employee.name, date))
    .paragraph(
      'Die Bestätigung erfolgt durch die fortgeschrittene elektronische Signatur (PAdES) der Mitarbeiterin bzw. des Mitarbeiters in diesem Dokument.',
      {
        grey: true,
        size: 9,
      },
    )
    .save();
}

/** The return protocol (Rückgabeprotokoll): the IT administrator confirms the devices came back wiped. */
async function returnProtocol(event: NamedHandover, date: Date): Promise<Buffer> {
  const layout = await PdfLayout.create({ title: `Rückgabeprotokoll – ${event.kitLabel}`, subject: `Geräterückgabe ${event.handoverId}` });
  return deviceTable(
    layout
      .heading('Rückgabeprotokoll', 20)
      .paragraph('Rückgabe dienstlicher IT-Geräte und Löschung ihrer Daten', { grey: true })
      .facts([
        ['Zurückgegeben von', event.returnedBy?.name ?? event.returnedBy?.userId ?? '–'],
        ['Zurückgenommen von', event.employee.name],
        ['Datum', germanDate(date)],
        ['Rückgabe-Nr.', event.handoverId],
      ]),
    event,
  )
    .heading('Löschbestätigung', 13)
    .paragraph(wipeSentence(event.employee.name, event.returnedBy?.name, date))
    .paragraph(
      'Die Bestätigung erfolgt durch die fortgeschrittene elektronische Signatur (PAdES) der IT-Administration in diesem Dokument.',
      { grey: true, size: 9 },
    )
    .save();
}

function deviceTable(layout: PdfLayout, event: NamedHandover): PdfLayout {
  return layout.heading('Geräte', 13).table(
    [
      { title: 'Nr.', width: 0.7 },
      { title: 'Gerät', width: 2.2 },
      { title: 'Modell', width: 3.5 },
      { title: 'Seriennummer', width: 3 },
      { title: 'Inventarnummer', width: 2.6 },
    ],
    event.devices.map((device, index) => [
      String(index + 1),
      DEVICE_TYPES[device.type.toLowerCase()] ?? device.type,
      device.model,
      device.serial,
      device.assetTag ?? '–',
    ]),
  );
}
