/**
 * Reading a buddy from a picture of a QR code, with real codes: the `qrcode` package (what the
 * identity card draws with) encodes an invite link, the code is drawn into RGBA pixels as a
 * canvas would hold them, and jsqr reads it back. Only the browser's image decoding (a file to
 * pixels) is left to the end-to-end test.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import QRCode from 'qrcode';
import { decodeQrCode, type QrPixels } from '../../src/renderer/view/decode-qr-code.js';
import { pixelScale } from '../../src/renderer/view/image-pixels.js';
import { formatInviteLink } from '../../src/renderer/view/invite-link.js';
import { QR_IMAGE_MAX_BYTES, readInviteFromImage } from '../../src/renderer/view/read-invite-from-image.js';
import { BOB } from './call-fixtures.js';

type Drawing = { pixelsPerModule: number; quietModules?: number; dark?: number; light?: number; noise?: number };

/** A QR code of `text` as pixels: `pixelsPerModule` may be fractional, as in a photo or a scaled screenshot. */
function qrPixels(text: string, { pixelsPerModule, quietModules = 4, dark = 0, light = 255, noise = 0 }: Drawing): QrPixels {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const side = Math.round((modules.size + 2 * quietModules) * pixelsPerModule);
  const data = new Uint8ClampedArray(side * side * 4);
  let seed = 7;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) - 0.5;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const row = Math.floor(y / pixelsPerModule) - quietModules;
      const column = Math.floor(x / pixelsPerModule) - quietModules;
      const inside = row >= 0 && column >= 0 && row < modules.size && column < modules.size;
      const value = (inside && modules.get(row, column) ? dark : light) + noise * random();
      const at = (y * side + x) * 4;
      data[at] = data[at + 1] = data[at + 2] = value;
      data[at + 3] = 255;
    }
  }
  return { data, width: side, height: side };
}

const invite = { uri: BOB, displayName: 'Bob Smith' };
const link = formatInviteLink(invite);
const picture = new Blob([new Uint8Array(16)], { type: 'image/png' });

test('an invite link drawn as a QR code reads back as the same link', () => {
  assert.equal(decodeQrCode(qrPixels(link, { pixelsPerModule: 4 })), link);
});

test('a scaled, noisy or light-on-dark code reads too', () => {
  assert.equal(decodeQrCode(qrPixels(link, { pixelsPerModule: 3.5, noise: 60, dark: 40, light: 220 })), link);
  assert.equal(decodeQrCode(qrPixels(link, { pixelsPerModule: 5, dark: 240, light: 20 })), link, 'a screenshot of a dark theme');
});

test('a picture without a code reads as nothing', () => {
  const blank = { data: new Uint8ClampedArray(200 * 200 * 4).fill(255), width: 200, height: 200 };
  assert.equal(decodeQrCode(blank), null);
  assert.equal(decodeQrCode({ data: new Uint8ClampedArray(0), width: 0, height: 0 }), null);
  assert.equal(decodeQrCode({ data: new Uint8ClampedArray(4), width: 10, height: 10 }), null, 'fewer bytes than the size says');
});

test('a picture of an invite code fills in the buddy', async () => {
  const pixels = qrPixels(link, { pixelsPerModule: 4 });
  assert.deepEqual(await readInviteFromImage(picture, async () => pixels), { ok: true, invite, source: 'invite-link' });
});

test('a picture of a plain SIP address fills in the address', async () => {
  const pixels = qrPixels('sip:carol@example.org', { pixelsPerModule: 4 });
  assert.deepEqual(await readInviteFromImage(picture, async () => pixels), { ok: true, invite: { uri: 'sip:carol@example.org', displayName: '' }, source: 'sip-uri' });
});

test('each way a picture can fail is said in a sentence', async () => {
  const blank = async () => ({ data: new Uint8ClampedArray(64 * 64 * 4).fill(255), width: 64, height: 64 });
  const cases: Array<[what: string, image: Blob, load: () => Promise<QrPixels>, message: RegExp]> = [
    ['no code', picture, blank, /^No QR code could be read in that picture/],
    ['a web address', picture, async () => qrPixels('https://example.org/some/page', { pixelsPerModule: 4 }), /^The QR code says “https:\/\/example\.org\/some\/page”, which is not an invite link or a SIP address\.$/],
    ['a damaged invite', picture, async () => qrPixels('parley://invite?name=Bob', { pixelsPerModule: 4 }), /^The QR code holds an invite that cannot be used\. This invite link has no address in it\.$/],
    ['an undecodable file', picture, async () => Promise.reject(new Error('bad PNG')), /^Could not open that picture/],
    ['not a picture', new Blob(['hello'], { type: 'text/plain' }), blank, /^That file is not a picture/],
    ['a huge file', { type: 'image/png', size: QR_IMAGE_MAX_BYTES + 1 } as Blob, blank, /too large/],
  ];
  for (const [what, image, load, message] of cases) {
    const result = await readInviteFromImage(image, load);
    assert.equal(result.ok, false, what);
    if (!result.ok) assert.match(result.message, message, what);
  }
  const noReader = await readInviteFromImage(picture, blank, async () => Promise.reject(new Error('chunk failed to load')));
  assert.deepEqual(noReader, { ok: false, message: 'The QR code reader could not be loaded. Reload the page and try again.' });
});

test('large photos are shrunk and small crops enlarged before the code is looked for', () => {
  assert.equal(pixelScale(4032, 3024), 1600 / 4032);
  assert.equal(pixelScale(1000, 800), 1);
  assert.equal(pixelScale(120, 100), 4);
});
