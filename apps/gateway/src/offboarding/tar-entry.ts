/** Tar (POSIX ustar) is a sequence of 512-byte blocks: a header per file, its bytes padded to a block, two zero blocks at the end. */
export const TAR_BLOCK = 512;

/** Octal, zero-padded to `width - 1` digits and NUL-terminated, as ustar numeric fields are. */
function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

/** The 512-byte ustar header of a regular file (names up to 100 bytes: ours are `<service>.json`). */
export function tarHeader(name: string, size: number, modified: Date): Buffer {
  if (Buffer.byteLength(name) > 100) throw new Error(`tar entry name too long: ${name}`);
  const header = Buffer.alloc(TAR_BLOCK, 0);
  header.write(name, 0, 100, 'utf8');
  header.write(octal(0o644, 8), 100, 8, 'ascii'); // mode
  header.write(octal(0, 8), 108, 8, 'ascii'); // uid
  header.write(octal(0, 8), 116, 8, 'ascii'); // gid
  header.write(octal(size, 12), 124, 12, 'ascii');
  header.write(octal(Math.floor(modified.getTime() / 1000), 12), 136, 12, 'ascii');
  header.write('        ', 148, 8, 'ascii'); // the checksum counts its own field as spaces
  header.write('0', 156, 1, 'ascii'); // a regular file
  header.write('ustar\0', 257, 6, 'ascii');
  header.write('00', 263, 2, 'ascii');
  header.write('amtsweg', 265, 32, 'ascii'); // uname
  header.write('amtsweg', 297, 32, 'ascii'); // gname
  let checksum = 0;
  for (const byte of header) checksum += byte;
  header.write(`${checksum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return header;
}

/** The zero bytes after a file's content up to the next block. */
export function tarPadding(size: number): Buffer {
  return Buffer.alloc((TAR_BLOCK - (size % TAR_BLOCK)) % TAR_BLOCK, 0);
}

/** The end of the archive. */
export function tarEnd(): Buffer {
  return Buffer.alloc(2 * TAR_BLOCK, 0);
}
