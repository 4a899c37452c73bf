/**
 * The other party's display name as a label (DESIGN.md: "Display names are labels, never
 * trusted for routing"). A caller can claim any name in From, so what is shown is cut to the
 * length our own name may have and cleared of what could garble or disguise a screen line:
 * control characters, and the bidirectional overrides that reorder text (Unicode TR #9 §2).
 */

/** The most characters shown: the limit our own display name has (api-contract's DisplayNameSchema). */
export const MAX_DISPLAY_NAME_LABEL = 64;

/** More than this is not read at all (header values are already bounded by the SIP parser). */
const MAX_INPUT = 1024;

/**
 * C0 and C1 controls and DEL, lone surrogates (a cut pair), line and paragraph separators, bidi
 * marks, embeddings, overrides and isolates.
 */
const UNSHOWABLE = /[\p{Cc}\p{Cs}\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** The name to show, or null when there is none worth showing (absent, empty, only spaces or controls). */
export function displayNameLabel(name: string | undefined): string | null {
  if (name === undefined) return null;
  const cleaned = name.slice(0, MAX_INPUT).replace(UNSHOWABLE, ' ').replace(/\s+/gu, ' ').trim();
  if (cleaned === '') return null;
  const characters = [...cleaned];
  return characters.length <= MAX_DISPLAY_NAME_LABEL ? cleaned : characters.slice(0, MAX_DISPLAY_NAME_LABEL).join('').trimEnd();
}
