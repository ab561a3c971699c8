import type { KeyObject } from 'node:crypto';
import type { FieldProblem } from '@amtsweg/platform';

/** What a PDF job answers: its result, or the fields of the `DomainError` it threw. */
export type Outcome<T> = { value: T; problem?: undefined } | { problem: ProblemOnTheWire; value?: undefined };

export interface ProblemOnTheWire {
  status: number;
  code: string;
  detail: string;
  errors?: FieldProblem[];
  headers?: Record<string, string>;
  extensions?: Record<string, unknown>;
}

/** A `SigningCredential` without the forge certificate (an object with methods, which cannot cross threads). */
export interface CredentialOnTheWire {
  privateKey: KeyObject;
  certificateDer: Uint8Array;
  chainDer: Uint8Array[];
}

/** Bytes arrive from another thread as a plain Uint8Array; the PDF code reads them as a Buffer. Shares the memory. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
