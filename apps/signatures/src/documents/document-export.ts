import { TenantExportExtras, type EmitText, type ExtraExportEntry } from '@amtsweg/eventing';
import { dataSourceToken } from '@amtsweg/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DocumentStore } from './document-store';

/** Base64 works in groups of 3 bytes: a chunk's last 1–2 bytes wait for the next chunk. */
const BASE64_GROUP = 3;

/**
 * Signatures' part of an off-boarding export carries the documents themselves: every kept document
 * of the tenant (uploads, every signed version, handover protocols) as base64, streamed chunk by
 * chunk from the DocumentStore — a 20 MB PDF is never held whole. Staged documents no request named
 * (still expiring) are left out.
 */
@Injectable()
export class DocumentExport extends TenantExportExtras {
  constructor(
    @Inject(dataSourceToken('signatures')) private readonly dataSource: DataSource,
    private readonly documents: DocumentStore,
  ) {
    super();
  }

  entries(tenant: string): ExtraExportEntry[] {
    return [{ key: 'documents', write: (emit) => this.write(tenant, emit) }];
  }

  private async write(tenant: string, emit: EmitText): Promise<boolean> {
    if (!(await emit('['))) return false;
    let after = '00000000-0000-0000-0000-000000000000';
    let first = true;
    for (;;) {
      const page = (await this.dataSource.query(
        `SELECT id, byte_size, created_at FROM signatures.stored_document
          WHERE tenant = $1 AND expires_at IS NULL AND id > $2 ORDER BY id LIMIT 50`,
        [tenant, after],
      )) as Array<{ id: string; byte_size: number; created_at: Date }>;
      if (page.length === 0) break;
      for (const document of page) {
        const head = JSON.stringify({ id: document.id, byteSize: Number(document.byte_size), createdAt: new Date(document.created_at) });
        if (!(await emit(`${first ? '' : ','}${head.slice(0, -1)},"contentBase64":"`))) return false;
        first = false;
        let carry = Buffer.alloc(0);
        for await (const chunk of this.documents.chunks(document.id)) {
          const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
          const whole = bytes.length - (bytes.length % BASE64_GROUP);
          if (!(await emit(bytes.subarray(0, whole).toString('base64')))) return false;
          carry = Buffer.from(bytes.subarray(whole));
        }
        if (!(await emit(`${carry.toString('base64')}"}`))) return false;
      }
      after = page[page.length - 1].id;
    }
    return emit(']');
  }
}
