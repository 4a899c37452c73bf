/**
 * The label a device carries in its identity's device list ("laptop", "desk phone"). It is shown
 * to people and never trusted for routing (DESIGN.md, "Devices of one AoR"); it is short because
 * the whole signed list must fit one DHT record of about 1000 bytes.
 */
export const MAX_DEVICE_NAME_BYTES = 32;

const FALLBACK_NAME = 'device';
/** C0 and C1 controls and DEL: they would let a name rewrite a terminal line or a log. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]+/g;
/** A surrogate half without its partner is not a character and has no UTF-8 encoding. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** True when `name` may stand in a device list: 1–32 bytes of UTF-8, no control characters, not blank. */
export function isDeviceName(name: string): boolean {
  if (name.trim() === '' || name !== name.trim() || CONTROL.test(name)) return false;
  if (LONE_SURROGATE.test(name)) return false;
  return Buffer.byteLength(name, 'utf8') <= MAX_DEVICE_NAME_BYTES;
}

/**
 * A valid device name made from any text (a host name, what someone typed): controls become
 * spaces, runs of space collapse, and the text is cut at a character boundary to fit.
 */
export function toDeviceName(text: string): string {
  const cleaned = text.replace(CONTROLS, ' ').replace(LONE_SURROGATES, '').replace(/\s+/g, ' ').trim();
  let name = '';
  for (const char of cleaned) {
    if (Buffer.byteLength(name + char, 'utf8') > MAX_DEVICE_NAME_BYTES) break;
    name += char;
  }
  name = name.trim();
  return isDeviceName(name) ? name : FALLBACK_NAME;
}
