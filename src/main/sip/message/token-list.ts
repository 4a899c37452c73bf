/**
 * Comma-separated token lists: Allow (methods), Supported, Require, Proxy-Require,
 * Unsupported (option tags) — RFC 3261 §20.5, §20.32, §20.37, §20.29, §20.40. Allow and
 * Supported may be empty; an empty element between commas is an error.
 */
import { isToken, trimWsp } from './abnf.js';
import { splitHeaderList } from './split-header-list.js';

export function parseTokenList(values: readonly string[]): string[] | null {
  const out: string[] = [];
  for (const value of values) {
    if (trimWsp(value).length === 0) continue;
    for (const item of splitHeaderList(value)) {
      if (!isToken(item)) return null;
      out.push(item);
    }
  }
  return out;
}
