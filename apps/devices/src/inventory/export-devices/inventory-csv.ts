import type { Device } from '../device';

/**
 * The inventory as a CSV file for German Excel: UTF-8 with a byte order mark (else Excel reads it as
 * Windows-1252), `;` between fields (Excel's list separator in German locales, where `,` is the
 * decimal comma), CRLF line ends, every field quoted. Status and type stay the API's codes, the same
 * values the filters and the import take.
 */
export const INVENTORY_CSV_HEADER = [
  'Seriennummer',
  'Art',
  'Modell',
  'Inventarnummer',
  'IMEI',
  'Status',
  'Bei',
  'Bestellnummer',
  'Lieferant',
  'Geliefert am',
  'Garantie bis',
] as const;

const BOM = '\uFEFF';

/**
 * A field that a spreadsheet would read as a formula (OWASP "CSV injection": `= + - @`, and tab or
 * carriage return before them) gets a leading apostrophe, so it is shown as text and never run.
 */
export function neutralised(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function field(value: string | null): string {
  return `"${neutralised(value ?? '').replace(/"/g, '""')}"`;
}

export function inventoryCsv(devices: Iterable<{ device: Device; holder: string | null }>): string {
  const lines = [INVENTORY_CSV_HEADER.map(field).join(';')];
  for (const { device, holder } of devices) {
    lines.push(
      [
        device.serial,
        device.type,
        device.model,
        device.assetTag,
        device.imei,
        device.status,
        holder,
        device.purchase.orderNumber,
        device.purchase.supplier,
        device.purchase.deliveredOn,
        device.purchase.warrantyUntil,
      ]
        .map(field)
        .join(';'),
    );
  }
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
