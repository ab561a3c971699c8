import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TAR_BLOCK, tarEnd, tarHeader, tarPadding } from './tar-entry';

describe('the hand-written tar entries', () => {
  it('writes a ustar header with a valid checksum, the size in octal, and pads content to the block', () => {
    const header = tarHeader('signatures.json', 1000, new Date('2026-12-08T00:00:00Z'));
    expect(header).toHaveLength(TAR_BLOCK);
    expect(header.subarray(0, 15).toString()).toBe('signatures.json');
    expect(parseInt(header.subarray(124, 135).toString(), 8)).toBe(1000);
    expect(header.subarray(257, 262).toString()).toBe('ustar');
    let sum = 0;
    header.forEach((byte, index) => (sum += index >= 148 && index < 156 ? 32 : byte));
    expect(parseInt(header.subarray(148, 154).toString(), 8)).toBe(sum);
    expect(tarPadding(1000)).toHaveLength(24);
    expect(tarPadding(1024)).toHaveLength(0);
    expect(tarEnd()).toHaveLength(2 * TAR_BLOCK);
  });

  it('is read by the system tar', () => {
    const folder = mkdtempSync(join(tmpdir(), 'amtsweg-tar-'));
    const content = Buffer.from(JSON.stringify({ service: 'devices', data: { device: [] } }));
    const archive = Buffer.concat([tarHeader('devices.json', content.length, new Date()), content, tarPadding(content.length), tarEnd()]);
    writeFileSync(join(folder, 'export.tar'), archive);
    execFileSync('tar', ['-xf', 'export.tar'], { cwd: folder });
    expect(readFileSync(join(folder, 'devices.json')).equals(content)).toBe(true);
  });
});
