/**
 * Content-Type = media-type = m-type SLASH m-subtype *( SEMI m-parameter ) (RFC 3261 §20.15,
 * §25.1), m-parameter values being tokens or quoted-strings. Type and subtype compare
 * case-insensitively and are stored in lower case.
 */
import { scanToken, skipWsp } from './abnf.js';
import { findParam, formatParams, type GenericParam, readParams } from './generic-params.js';

export interface MediaType {
  readonly type: string;
  readonly subtype: string;
  readonly params: readonly GenericParam[];
}

export function parseMediaType(value: string): MediaType | null {
  const typeStart = skipWsp(value, 0);
  const typeEnd = scanToken(value, typeStart);
  const slash = skipWsp(value, typeEnd);
  if (typeEnd === typeStart || value.charCodeAt(slash) !== 0x2f) return null;
  const subtypeStart = skipWsp(value, slash + 1);
  const subtypeEnd = scanToken(value, subtypeStart);
  if (subtypeEnd === subtypeStart) return null;
  const params = readParams(value, subtypeEnd);
  if (!params || params.end !== value.length) return null;
  return {
    type: value.slice(typeStart, typeEnd).toLowerCase(),
    subtype: value.slice(subtypeStart, subtypeEnd).toLowerCase(),
    params: params.params,
  };
}

export function formatMediaType(mediaType: MediaType): string {
  return `${mediaType.type}/${mediaType.subtype}${formatParams(mediaType.params)}`;
}

/** `boundary`, `charset`...: parameter names are case-insensitive. */
export function mediaTypeParam(mediaType: MediaType, name: string): string | undefined {
  return findParam(mediaType.params, name)?.value ?? undefined;
}
