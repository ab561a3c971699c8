import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { DomainError } from '@amtsweg/platform';
import type { Request, Response } from 'express';
import multer, { MulterError } from 'multer';
import type { Observable } from 'rxjs';

/** The limit for a document (20 MiB). */
export const MAX_PDF_BYTES = 20 * 1024 * 1024;

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_PDF_BYTES, files: 1, fields: 10, fieldSize: 64 * 1024, parts: 12 },
}).single('file');

/**
 * Reads a `multipart/form-data` body with one PDF in the part `file` (kept in memory, at most
 * 20 MiB) and the other parts as text fields into `request.body`. Multer's errors become problems:
 * a file over the limit 413, anything else malformed 400; a body that is not multipart 415.
 */
@Injectable()
export class PdfUploadInterceptor implements NestInterceptor {
  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    if (!request.is('multipart/form-data')) {
      throw new DomainError(
        415,
        'REQUEST.UNSUPPORTED_MEDIA_TYPE',
        'Send the document as multipart/form-data, with the PDF in the part "file".',
      );
    }
    await new Promise<void>((resolve, reject) =>
      upload(request, http.getResponse<Response>(), (error: unknown) => (error ? reject(toProblem(error)) : resolve())),
    );
    return next.handle();
  }
}

function toProblem(error: unknown): unknown {
  if (!(error instanceof MulterError))
    return DomainError.badRequest('REQUEST.MALFORMED_MULTIPART', 'The multipart body could not be read.');
  if (error.code === 'LIMIT_FILE_SIZE') return new DomainError(413, 'SIGNATURE.DOCUMENT_TOO_LARGE', 'The document is larger than 20 MB.');
  if (error.code === 'LIMIT_UNEXPECTED_FILE') {
    return DomainError.badRequest('REQUEST.UNEXPECTED_FILE', 'Send exactly one file, in the part "file".', [
      { field: error.field ?? 'file', message: 'unexpected file' },
    ]);
  }
  return DomainError.badRequest(
    'REQUEST.MALFORMED_MULTIPART',
    `The multipart body is not accepted (${error.code.toLowerCase().replace(/_/g, ' ')}).`,
  );
}
