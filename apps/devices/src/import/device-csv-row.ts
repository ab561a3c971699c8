import { newDeviceProblems, type DeviceType, type NewDevice } from '../inventory/device';
import type { CsvRecord } from './csv-records';

/** The columns of an import file, by their header names (case and `-`/`_`/spaces ignored). */
const COLUMNS = ['type', 'model', 'serial', 'assetTag', 'imei', 'orderNumber', 'supplier', 'deliveredOn', 'warrantyUntil'] as const;
type Column = (typeof COLUMNS)[number];
const REQUIRED: Column[] = ['type', 'model', 'serial'];

const normalise = (name: string) => name.trim().toLowerCase().replace(/[\s_-]/g, '');
const BY_NORMALISED = new Map(COLUMNS.map((column) => [normalise(column), column]));

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
      if (!column) throw new ImportHeaderError(`Unbekannte Spalte „${name.slice(0, 50)}“. Erlaubt sind: ${COLUMNS.join(', ')}.`);
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
      purchase: { orderNumber: value('orderNumber'), supplier: value('supplier'), deliveredOn: value('deliveredOn'), warrantyUntil: value('warrantyUntil') },
    };
    const problems = newDeviceProblems(device);
    if (problems.length > 0) return { reason: problems.map((problem) => problem.message).join('; ') };
    return { device };
  }
}
