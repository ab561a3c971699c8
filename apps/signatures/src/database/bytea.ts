/** `pg` hands bytea back as a Buffer, PGlite as a Uint8Array: one shape for the code. */
export function byteaToBuffer(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  throw new Error('expected a bytea value');
}
