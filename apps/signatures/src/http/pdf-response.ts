import { StreamableFile } from '@nestjs/common';
import type { Response } from 'express';

/** A PDF answer: downloaded (not rendered inline), never cached by intermediaries, named for people. */
export function pdfResponse(response: Response, pdf: Buffer, filename: string, sha256?: string): StreamableFile {
  response.setHeader('Cache-Control', 'private, no-store');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  if (sha256) response.setHeader('ETag', `"${sha256}"`);
  return new StreamableFile(pdf, { type: 'application/pdf', length: pdf.length, disposition: contentDisposition(filename) });
}

/** RFC 6266 with an ASCII fallback and the UTF-8 name (titles have umlauts). */
function contentDisposition(filename: string): string {
  const safe = filename.replace(/[\\/:*?"<>|\r\n]+/g, '_').slice(0, 120) || 'dokument.pdf';
  const ascii = safe
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(safe)}`;
}
