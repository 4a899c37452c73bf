/**
 * A reader for the small part of XML 1.0 that SIP event bodies use (PIDF: RFC 3863, 4479, 4480;
 * conference-info: RFC 4575): elements, attributes, character data with the five predefined
 * entities and character references, CDATA sections, comments, processing instructions, and
 * Namespaces in XML 1.0. There is no DTD: a DOCTYPE is refused, so no entity ever expands (the
 * "billion laughs") and nothing external is read. Size, depth, element and attribute counts are
 * bounded, the reading is iterative (no recursion a deep document could overflow), and bad input
 * is a value with a stable code, never an exception.
 */

/** The namespace the `xml` prefix is bound to by definition (Namespaces in XML 1.0 §3). */
export const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

export interface XmlElement {
  /** The namespace name the element's prefix (or the default namespace) is bound to; '' for none. */
  readonly namespace: string;
  readonly localName: string;
  /** Unprefixed attributes by name; prefixed ones as `{namespace}localName`. Namespace declarations are left out. */
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlElement[];
  /** The character data directly inside the element (not its children's), entities decoded. */
  readonly text: string;
}

export interface XmlLimits {
  readonly maxChars: number;
  readonly maxDepth: number;
  readonly maxElements: number;
  readonly maxAttributes: number;
}

export type XmlErrorCode = 'XML_TOO_LARGE' | 'XML_MALFORMED' | 'XML_DTD_FORBIDDEN' | 'XML_TOO_DEEP' | 'XML_TOO_MANY_ELEMENTS';

export type XmlRead = { readonly ok: true; readonly root: XmlElement } | { readonly ok: false; readonly error: { readonly code: XmlErrorCode; readonly reason: string } };

/** Thrown inside the reader only; readXml turns it into a value. */
class XmlSyntax extends Error {
  constructor(
    readonly code: XmlErrorCode,
    reason: string,
  ) {
    super(reason);
  }
}

interface Scope {
  readonly prefixes: ReadonlyMap<string, string>;
  readonly parent: Scope | undefined;
}

interface OpenElement {
  readonly qname: string;
  readonly scope: Scope;
  readonly children: XmlElement[];
  readonly text: string[];
  readonly build: (children: XmlElement[], text: string) => XmlElement;
}

const NAME = /[A-Za-z_][A-Za-z0-9._-]*(?::[A-Za-z_][A-Za-z0-9._-]*)?/y;
const WHITESPACE = /[ \t\r\n]*/y;
/** Characters XML 1.0 §2.2 does not allow anywhere in a document. */
const FORBIDDEN_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const REFERENCE = /^(?:#x([0-9A-Fa-f]{1,6})|#([0-9]{1,7})|(lt|gt|amp|quot|apos));/;
const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Reads one XML document into its element tree, or says why it cannot. */
export function readXml(text: string, limits: XmlLimits): XmlRead {
  if (text.length > limits.maxChars) return { ok: false, error: { code: 'XML_TOO_LARGE', reason: `the document has ${text.length} characters; at most ${limits.maxChars} are read` } };
  try {
    return { ok: true, root: new XmlReader(text, limits).read() };
  } catch (error) {
    if (error instanceof XmlSyntax) return { ok: false, error: { code: error.code, reason: error.message } };
    throw error;
  }
}

/** Character data with its references replaced (XML 1.0 §4.1, §4.6); a stray `&` is malformed. */
function decodeReferences(raw: string): string {
  if (!raw.includes('&')) return raw;
  const [first = '', ...rest] = raw.split('&');
  let out = first;
  for (const part of rest) {
    const match = REFERENCE.exec(part);
    if (!match) throw new XmlSyntax('XML_MALFORMED', `an & that starts no known reference: "&${part.slice(0, 12)}"`);
    if (match[3] !== undefined) {
      out += PREDEFINED[match[3]] ?? '';
    } else {
      const code = match[1] !== undefined ? parseInt(match[1], 16) : Number(match[2]);
      const allowed = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
      if (!allowed) throw new XmlSyntax('XML_MALFORMED', `a character reference to a character XML does not allow (${code})`);
      out += String.fromCodePoint(code);
    }
    out += part.slice(match[0].length);
  }
  return out;
}

function resolvePrefix(scope: Scope | undefined, prefix: string): string | undefined {
  if (prefix === 'xml') return XML_NAMESPACE;
  for (let at = scope; at; at = at.parent) {
    const bound = at.prefixes.get(prefix);
    if (bound !== undefined) return bound;
  }
  return undefined;
}

class XmlReader {
  readonly #text: string;
  readonly #limits: XmlLimits;
  #pos = 0;
  #elements = 0;

  constructor(text: string, limits: XmlLimits) {
    this.#text = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    this.#limits = limits;
  }

  read(): XmlElement {
    if (FORBIDDEN_CHARACTERS.test(this.#text)) throw new XmlSyntax('XML_MALFORMED', 'the document holds a control character XML does not allow');
    this.#skipMisc();
    if (!this.#at('<')) throw new XmlSyntax('XML_MALFORMED', this.#pos >= this.#text.length ? 'the document is empty' : 'the document does not start with an element');
    const stack: OpenElement[] = [];
    let root: XmlElement | undefined;
    const close = (element: XmlElement): void => {
      const parent = stack.at(-1);
      if (parent) parent.children.push(element);
      else root = element;
    };
    do {
      const open = this.#startTag(stack.at(-1)?.scope, stack.length);
      if (open.selfClosing) close(open.element.build([], ''));
      else stack.push(open.element);
      while (stack.length > 0) {
        const top = stack[stack.length - 1] as OpenElement;
        if (this.#pos >= this.#text.length) throw new XmlSyntax('XML_MALFORMED', `<${top.qname}> is never closed`);
        if (!this.#at('<')) {
          const end = this.#text.indexOf('<', this.#pos);
          const stop = end === -1 ? this.#text.length : end;
          top.text.push(decodeReferences(this.#text.slice(this.#pos, stop)));
          this.#pos = stop;
        } else if (this.#at('</')) {
          this.#pos += 2;
          const name = this.#name('an end tag');
          this.#skipWhitespace();
          this.#expect('>', `the end tag </${name}>`);
          if (name !== top.qname) throw new XmlSyntax('XML_MALFORMED', `</${name}> closes <${top.qname}>`);
          stack.pop();
          close(top.build(top.children, top.text.join('')));
        } else if (this.#at('<!--')) {
          this.#skipPast('-->', 'a comment');
        } else if (this.#at('<![CDATA[')) {
          const end = this.#text.indexOf(']]>', this.#pos + 9);
          if (end === -1) throw new XmlSyntax('XML_MALFORMED', 'a CDATA section is never closed');
          top.text.push(this.#text.slice(this.#pos + 9, end));
          this.#pos = end + 3;
        } else if (this.#at('<?')) {
          this.#skipPast('?>', 'a processing instruction');
        } else if (this.#at('<!')) {
          throw this.#declaration();
        } else {
          break; // a child element: read by the outer loop
        }
      }
    } while (stack.length > 0);
    this.#skipMisc();
    if (this.#pos < this.#text.length) throw new XmlSyntax('XML_MALFORMED', 'there is content after the root element');
    if (!root) throw new XmlSyntax('XML_MALFORMED', 'the document has no root element');
    return root;
  }

  /** Whitespace, comments and processing instructions around the root element (XML 1.0 §2.8 Misc). */
  #skipMisc(): void {
    for (;;) {
      this.#skipWhitespace();
      if (this.#at('<!--')) this.#skipPast('-->', 'a comment');
      else if (this.#at('<?')) this.#skipPast('?>', 'a processing instruction');
      else if (this.#at('<!')) throw this.#declaration();
      else return;
    }
  }

  #declaration(): XmlSyntax {
    if (this.#text.slice(this.#pos, this.#pos + 9).toUpperCase() === '<!DOCTYPE') return new XmlSyntax('XML_DTD_FORBIDDEN', 'a document type declaration is not accepted (no DTD, no entities)');
    return new XmlSyntax('XML_MALFORMED', 'a markup declaration where none may be');
  }

  #startTag(scope: Scope | undefined, depth: number): { element: OpenElement; selfClosing: boolean } {
    if (depth >= this.#limits.maxDepth) throw new XmlSyntax('XML_TOO_DEEP', `elements nest deeper than ${this.#limits.maxDepth}`);
    if (++this.#elements > this.#limits.maxElements) throw new XmlSyntax('XML_TOO_MANY_ELEMENTS', `the document has more than ${this.#limits.maxElements} elements`);
    this.#pos++; // '<'
    const qname = this.#name('a start tag');
    const raw = new Map<string, string>();
    let selfClosing = false;
    for (;;) {
      const spaced = this.#skipWhitespace();
      if (this.#at('/>')) {
        this.#pos += 2;
        selfClosing = true;
        break;
      }
      if (this.#at('>')) {
        this.#pos++;
        break;
      }
      if (this.#pos >= this.#text.length) throw new XmlSyntax('XML_MALFORMED', `the start tag <${qname}> is never closed`);
      if (!spaced) throw new XmlSyntax('XML_MALFORMED', `<${qname}>: attributes are separated by whitespace`);
      const name = this.#name(`an attribute of <${qname}>`);
      if (raw.has(name)) throw new XmlSyntax('XML_MALFORMED', `<${qname}> has the attribute ${name} twice`);
      if (raw.size >= this.#limits.maxAttributes) throw new XmlSyntax('XML_MALFORMED', `<${qname}> has more than ${this.#limits.maxAttributes} attributes`);
      this.#skipWhitespace();
      this.#expect('=', `the attribute ${name}`);
      this.#skipWhitespace();
      raw.set(name, this.#attributeValue(name));
    }
    const prefixes = new Map<string, string>();
    for (const [name, value] of raw) {
      if (name === 'xmlns') prefixes.set('', value);
      else if (name.startsWith('xmlns:')) {
        const prefix = name.slice(6);
        if (value === '' || prefix === 'xmlns' || (prefix === 'xml') !== (value === XML_NAMESPACE)) throw new XmlSyntax('XML_MALFORMED', `a namespace declaration that Namespaces in XML forbids: ${name}="${value.slice(0, 60)}"`);
        prefixes.set(prefix, value);
      }
    }
    const own: Scope = prefixes.size > 0 ? { prefixes, parent: scope } : (scope ?? { prefixes, parent: undefined });
    const element = this.#resolve(qname, own, true);
    const attributes = new Map<string, string>();
    for (const [name, value] of raw) {
      if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
      const resolved = this.#resolve(name, own, false);
      const key = resolved.namespace === '' ? resolved.localName : `{${resolved.namespace}}${resolved.localName}`;
      if (attributes.has(key)) throw new XmlSyntax('XML_MALFORMED', `<${qname}> has the attribute ${key} twice`);
      attributes.set(key, value);
    }
    return {
      element: {
        qname,
        scope: own,
        children: [],
        text: [],
        build: (children, text) => ({ namespace: element.namespace, localName: element.localName, attributes, children, text }),
      },
      selfClosing,
    };
  }

  /** The namespace of a qualified name (an unprefixed attribute has none, Namespaces in XML §6.2). */
  #resolve(qname: string, scope: Scope, isElement: boolean): { namespace: string; localName: string } {
    const colon = qname.indexOf(':');
    if (colon === -1) return { namespace: isElement ? (resolvePrefix(scope, '') ?? '') : '', localName: qname };
    const prefix = qname.slice(0, colon);
    const namespace = resolvePrefix(scope, prefix);
    if (namespace === undefined) throw new XmlSyntax('XML_MALFORMED', `the prefix ${prefix} is not bound to a namespace`);
    return { namespace, localName: qname.slice(colon + 1) };
  }

  #attributeValue(name: string): string {
    const quote = this.#text[this.#pos];
    if (quote !== '"' && quote !== "'") throw new XmlSyntax('XML_MALFORMED', `the value of ${name} is not quoted`);
    const end = this.#text.indexOf(quote, this.#pos + 1);
    if (end === -1) throw new XmlSyntax('XML_MALFORMED', `the value of ${name} is never closed`);
    const raw = this.#text.slice(this.#pos + 1, end);
    if (raw.includes('<')) throw new XmlSyntax('XML_MALFORMED', `the value of ${name} holds a <`);
    this.#pos = end + 1;
    // Attribute-value normalisation (XML 1.0 §3.3.3): literal whitespace becomes a space.
    return decodeReferences(raw.replace(/[\t\r\n]/g, ' '));
  }

  #name(what: string): string {
    NAME.lastIndex = this.#pos;
    const match = NAME.exec(this.#text);
    if (!match) throw new XmlSyntax('XML_MALFORMED', `${what} has no valid name`);
    this.#pos = NAME.lastIndex;
    return match[0];
  }

  /** True when it skipped at least one whitespace character. */
  #skipWhitespace(): boolean {
    WHITESPACE.lastIndex = this.#pos;
    WHITESPACE.exec(this.#text);
    const moved = WHITESPACE.lastIndex > this.#pos;
    this.#pos = WHITESPACE.lastIndex;
    return moved;
  }

  #skipPast(terminator: string, what: string): void {
    const end = this.#text.indexOf(terminator, this.#pos + 2);
    if (end === -1) throw new XmlSyntax('XML_MALFORMED', `${what} is never closed`);
    this.#pos = end + terminator.length;
  }

  #expect(token: string, what: string): void {
    if (!this.#at(token)) throw new XmlSyntax('XML_MALFORMED', `${what}: expected "${token}"`);
    this.#pos += token.length;
  }

  #at(token: string): boolean {
    return this.#text.startsWith(token, this.#pos);
  }
}

/** The children of `element` in `namespace` named `localName`. */
export function childrenNamed(element: XmlElement, namespace: string, localName: string): XmlElement[] {
  return element.children.filter((child) => child.namespace === namespace && child.localName === localName);
}
