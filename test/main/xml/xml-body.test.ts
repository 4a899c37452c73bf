import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeXml, readXmlBody } from '../../../src/main/xml/xml-body.js';
import type { XmlLimits } from '../../../src/main/xml/xml-subset.js';

const LIMITS: XmlLimits = { maxChars: 64, maxDepth: 4, maxElements: 8, maxAttributes: 4 };

test('escaped text reads back as itself, in character data and in attribute values', () => {
  const text = `Tom & "Jerry" <o'clock>`;
  const read = readXmlBody(`<a b="${escapeXml(text)}">${escapeXml(text)}</a>`, { ...LIMITS, maxChars: 256 });
  assert.ok(read.ok, read.ok ? '' : read.error.reason);
  assert.equal(read.root.text, text);
  assert.equal(read.root.attributes.get('b'), text);
});

test('control characters XML cannot hold are left out, so the document stays readable', () => {
  const read = readXmlBody(`<a>${escapeXml('be\u0007ll\u001b')}</a>`, LIMITS);
  assert.ok(read.ok, read.ok ? '' : read.error.reason);
  assert.equal(read.root.text, 'bell');
});

test('a body is bounded by its UTF-8 size, and bytes that are not UTF-8 are refused', () => {
  const accents = `<a>${'é'.repeat(31)}</a>`; // 38 characters, 69 bytes
  const fromText = readXmlBody(accents, LIMITS);
  assert.equal(fromText.ok ? '' : fromText.error.code, 'XML_TOO_LARGE', 'text counts its bytes, not its characters');
  const tooLarge = readXmlBody(new TextEncoder().encode(accents), LIMITS);
  assert.equal(tooLarge.ok ? '' : tooLarge.error.code, 'XML_TOO_LARGE');
  const notUtf8 = readXmlBody(Uint8Array.of(0x3c, 0x61, 0xff, 0x3e), LIMITS);
  assert.equal(notUtf8.ok ? '' : notUtf8.error.code, 'XML_NOT_UTF8');
  const utf8 = readXmlBody(new TextEncoder().encode('<a>é</a>'), LIMITS);
  assert.equal(utf8.ok ? utf8.root.text : utf8.error.reason, 'é');
});
