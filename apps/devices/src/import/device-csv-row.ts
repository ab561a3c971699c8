import { newDeviceProblems, type DeviceType, type NewDevice } from '../inventory/device';
import type { CsvRecord } from './csv-records';

/** The columns of an import file, by their header names, English or German (case and `-`/`_`/spaces ignored). */
const COLUMNS = ['type', 'model', 'serial', 'assetTag', 'imei', 'orderNumber', 'supplier', 'deliveredOn', 'warrantyUntil'] as const;
type Column = (typeof COLUMNS)[number];
const REQUIRED: Column[] = ['type', 'model', 'serial'];

/** The headers German Excel lists carry, beside the English ones. */
const GERMAN_NAMES: Readonly<Record<Column, string>> = {
  type: 'Gerätetyp',
  model: 'Modell',
  serial: 'Seriennummer',
  assetTag: 'Inventarnummer',
  imei: 'IMEI',
  orderNumber: 'Bestellnummer',
  supplier: 'Lieferant',
  deliveredOn: 'Lieferdatum',
  warrantyUntil: 'Garantie bis',
};

const normalise = (name: string) =>
  name
    .normalize('NFC')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]/g, '');
const BY_NORMALISED = new Map<string, Column>(
  COLUMNS.flatMap((column) => [
    [normalise(column), column],
    [normalise(GERMAN_NAMES[column]), column],
  ]),
);

/** `07.12.2026` (German spreadsheets) as `2026-12-07`; anything else as it is, for the date check. */
function isoDate(value: string | null): string | null {
  const german = value === null ? null : /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value);
  return german ? `${german[3]}-${german[2].padStart(2, '0')}-${german[1].padStart(2, '0')}` : value;
}

/** What a decoder writes for bytes it could not read; stored, it would replace the real text for good. */
const REPLACEMENT_CHARACTER = '\ufffd';

export class ImportHeaderError extends Error {}

/** Which field of a record holds which column; read from the file's first record. */
export class DeviceCsvHeader {
  private constructor(
    private readonly positions: Map<Column, number>,
    readonly width: number,
  ) {}

  static read(record: CsvRecord): DeviceCsvHeader {
    const positions = new Map<Column, number>();
    record.fields.forEach((name, index) => {
      const column = BY_NORMALISED.get(normalise(name));
      if (!column)
        throw new ImportHeaderError(
          `Unbekannte Spalte „${name.slice(0, 50)}“. Erlaubt sind: ${COLUMNS.join(', ')} (oder ${COLUMNS.map((c) => GERMAN_NAMES[c]).join(', ')}).`,
        );
      if (positions.has(column)) throw new ImportHeaderError(`Die Spalte „${column}“ kommt zweimal vor.`);
      positions.set(column, index);
    });
    const missing = REQUIRED.filter((column) => !positions.has(column));
    if (missing.length > 0) throw new ImportHeaderError(`Es fehlen die Spalten ${missing.join(', ')}.`);
    return new DeviceCsvHeader(positions, record.fields.length);
  }

  /** The device of a row, or why the row cannot be imported (German, for the per-line report). */
  device(record: CsvRecord): { device: NewDevice } | { reason: string } {
    if (record.fields.length !== this.width) return { reason: `Die Zeile hat ${record.fields.length} statt ${this.width} Felder.` };
    if (record.fields.some((field) => field.includes(REPLACEMENT_CHARACTER)))
      return {
        reason:
          'Die Zeile ist kein gültiges UTF-8 (oder enthält das Ersatzzeichen �): Datei als „CSV UTF-8“ speichern und erneut importieren.',
      };
    const value = (column: Column): string | null => {
      const index = this.positions.get(column);
      const text = index === undefined ? '' : record.fields[index].trim();
      return text === '' ? null : text;
    };
    const device: NewDevice = {
      type: (value('type') ?? '').toLowerCase() as DeviceType,
      model: value('model') ?? '',
      serial: value('serial') ?? '',
      assetTag: value('assetTag'),
      imei: value('imei')?.replace(/[\s-]/g, '') ?? null,
      purchase: {
        orderNumber: value('orderNumber'),
        supplier: value('supplier'),
        deliveredOn: isoDate(value('deliveredOn')),
        warrantyUntil: isoDate(value('warrantyUntil')),
      },
    };
    const problems = newDeviceProblems(device);
    if (problems.length > 0) return { reason: problems.map((problem) => problem.message).join('; ') };
    return { device };
  }
}
