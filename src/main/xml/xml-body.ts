/**
 * What every XML message body codec (PIDF, conference-info) does at its edges: reading the
 * bytes of a body, bounded and as UTF-8, into an element tree, and escaping text when writing.
 * The codecs map the codes here to their own, so a watcher and a member see stable codes per
 * document kind.
 */
import { readXml, type XmlElement, type XmlErrorCode, type XmlLimits } from './xml-subset.js';

export type XmlBodyErrorCode = XmlErrorCode | 'XML_NOT_UTF8';

export type XmlBodyRead = { readonly ok: true; readonly root: XmlElement } | { readonly ok: false; readonly error: { readonly code: XmlBodyErrorCode; readonly reason: string } };

/**
 * Reads a body as received (bytes) or as text. `limits.maxChars` bounds its UTF-8 size as well:
 * a character is at least one byte, so no body within it holds too many characters. Never throws.
 */
export function readXmlBody(body: Uint8Array | string, limits: XmlLimits): XmlBodyRead {
  const size = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length;
  if (size > limits.maxChars) return { ok: false, error: { code: 'XML_TOO_LARGE', reason: `the document has ${size} bytes; at most ${limits.maxChars} are read` } };
  if (typeof body === 'string') return readXml(body, limits);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return { ok: false, error: { code: 'XML_NOT_UTF8', reason: 'the document is not UTF-8' } };
  }
  return readXml(text, limits);
}

const ESCAPES: Readonly<Record<string, string>> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' };

/** Text for character data or a quoted attribute value. */
export function escapeXml(text: string): string {
  // Control characters cannot appear in XML 1.0 at all (§2.2), escaped or not: a reader would
  // refuse the whole document, so they are left out. Names, notes and URIs never need them.
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/[<>&"']/g, (c) => ESCAPES[c] ?? c);
}
