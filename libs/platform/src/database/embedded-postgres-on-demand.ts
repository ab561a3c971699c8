import { EmbeddedPostgres } from './embedded-postgres';

/**
 * The process's PGlite, opened the first time a service without a PostgreSQL URL asks for it. A
 * process whose services all have their own `<SERVICE>_DATABASE_URL` never starts one (it would
 * cost ~300 MB and a data directory for nothing).
 */
export class EmbeddedPostgresOnDemand {
  private opening?: Promise<EmbeddedPostgres>;

  constructor(private readonly open: () => Promise<EmbeddedPostgres>) {}

  /** An instance that is already open, e.g. a test's isolated one. */
  static of(embedded: EmbeddedPostgres): EmbeddedPostgresOnDemand {
    return new EmbeddedPostgresOnDemand(() => Promise.resolve(embedded));
  }

  get(): Promise<EmbeddedPostgres> {
    return (this.opening ??= this.open());
  }

  get isOpened(): boolean {
    return this.opening !== undefined;
  }

  /** Closes it if it was opened and is the process's shared one; an isolated one belongs to whoever opened it. */
  async closeIfShared(): Promise<void> {
    if (this.opening) await (await this.opening).closeIfShared();
  }
}
