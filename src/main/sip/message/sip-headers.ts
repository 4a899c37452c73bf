/**
 * The header fields of a message, in order, with their values as received after unfolding
 * (RFC 3261 §7.3). Names are canonicalised (compact → long form) on the way in and compared
 * case-insensitively. Immutable: the update methods return a new SipHeaders.
 */
import { isToken } from './abnf.js';
import { canonicalHeaderName, headerKey } from './header-names.js';
import { SipBuildError } from './sip-build-error.js';

export interface SipHeaderField {
  readonly name: string;
  readonly value: string;
}

export type SipHeaderInit = SipHeaderField | readonly [name: string, value: string];

function toField(init: SipHeaderInit): SipHeaderField {
  const [name, value] = 'name' in init ? [init.name, init.value] : init;
  if (!isToken(name)) throw new SipBuildError('INVALID_HEADER_NAME', `not a header name: ${JSON.stringify(name)}`);
  if (value.includes('\r') || value.includes('\n')) {
    throw new SipBuildError('INVALID_HEADER_VALUE', `the value of ${name} contains a line break`);
  }
  return { name: canonicalHeaderName(name), value };
}

export class SipHeaders implements Iterable<SipHeaderField> {
  static readonly empty = new SipHeaders([], []);

  private readonly list: readonly SipHeaderField[];
  private readonly keys: readonly string[];

  private constructor(list: readonly SipHeaderField[], keys: readonly string[]) {
    this.list = list;
    this.keys = keys;
  }

  /** Builds headers from fields; throws SipBuildError for a name that is not a token or a value with CR/LF. */
  static of(fields: Iterable<SipHeaderInit>): SipHeaders {
    const list = [...fields].map(toField);
    return new SipHeaders(list, list.map((field) => field.name.toLowerCase()));
  }

  /** For the parser, whose fields are already checked and canonical. */
  static fromParsed(list: readonly SipHeaderField[]): SipHeaders {
    return new SipHeaders(list, list.map((field) => field.name.toLowerCase()));
  }

  get fields(): readonly SipHeaderField[] {
    return this.list;
  }

  get size(): number {
    return this.list.length;
  }

  [Symbol.iterator](): Iterator<SipHeaderField> {
    return this.list[Symbol.iterator]();
  }

  has(name: string): boolean {
    return this.keys.includes(headerKey(name));
  }

  /** The value of the first field named `name`. */
  first(name: string): string | undefined {
    const index = this.keys.indexOf(headerKey(name));
    return index === -1 ? undefined : this.list[index]?.value;
  }

  /** The values of every field named `name`, in order (not split at commas). */
  all(name: string): string[] {
    const key = headerKey(name);
    const out: string[] = [];
    for (let i = 0; i < this.list.length; i++) {
      const field = this.list[i];
      if (field && this.keys[i] === key) out.push(field.value);
    }
    return out;
  }

  count(name: string): number {
    const key = headerKey(name);
    return this.keys.reduce((n, k) => (k === key ? n + 1 : n), 0);
  }

  append(name: string, value: string): SipHeaders {
    return SipHeaders.of([...this.list, [name, value]]);
  }

  prepend(name: string, value: string): SipHeaders {
    return SipHeaders.of([[name, value], ...this.list]);
  }

  /** Without any field named `name`. */
  remove(name: string): SipHeaders {
    const key = headerKey(name);
    return SipHeaders.fromParsed(this.list.filter((_, i) => this.keys[i] !== key));
  }

  /** `name` with exactly `value`, where the first such field was (or at the end). */
  set(name: string, value: string): SipHeaders {
    const key = headerKey(name);
    const index = this.keys.indexOf(key);
    if (index === -1) return this.append(name, value);
    // An unknown header keeps the spelling it already had.
    const field = toField([this.list[index]?.name ?? name, value]);
    return SipHeaders.fromParsed(this.list.flatMap((existing, i) => (i === index ? [field] : this.keys[i] === key ? [] : [existing])));
  }
}
