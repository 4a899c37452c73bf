/**
 * The icons rendered from assets/icon.svg by scripts/render-icons.mjs: the sizes the packager and
 * the tray need, with an alpha channel and a transparent background (omitBackground worked).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { inflateSync } from 'node:zlib';

const root = process.env['PARLEY_ROOT'] ?? process.cwd();
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const RGBA = 6;

type PngFacts = { width: number; height: number; bitDepth: number; colorType: number; topLeftAlpha: number };

/** Reads the header and the first pixel (whose bytes no PNG row filter changes on row 0). */
function readPng(file: string): PngFacts {
  const data = readFileSync(join(root, file));
  assert.ok(data.subarray(0, 8).equals(PNG_SIGNATURE), `${file} is not a PNG`);
  const idat: Buffer[] = [];
  let header: Omit<PngFacts, 'topLeftAlpha'> | undefined;
  for (let offset = 8; offset < data.length; ) {
    const length = data.readUInt32BE(offset);
    const type = data.toString('latin1', offset + 4, offset + 8);
    const body = data.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), bitDepth: body.readUInt8(8), colorType: body.readUInt8(9) };
    }
    if (type === 'IDAT') idat.push(body);
    offset += 12 + length;
  }
  assert.ok(header, `${file} has no IHDR`);
  const firstRow = inflateSync(Buffer.concat(idat));
  // Byte 0 is the row's filter type; then R, G, B, A of pixel (0, 0).
  return { ...header, topLeftAlpha: firstRow.readUInt8(4) };
}

for (const [file, size] of [
  ['assets/icon.png', 512],
  ['assets/tray-icon.png', 32],
  ['assets/tray-icon@2x.png', 64],
] as const) {
  test(`${file} is ${size}×${size} RGBA with a transparent background`, () => {
    const png = readPng(file);
    assert.deepEqual([png.width, png.height, png.bitDepth, png.colorType], [size, size, 8, RGBA]);
    assert.equal(png.topLeftAlpha, 0);
  });
}

test('the source SVG is there to render them again', () => {
  const svg = readFileSync(join(root, 'assets/icon.svg'), 'utf8');
  assert.match(svg, /^<svg [^>]*viewBox="0 0 512 512"/);
});
