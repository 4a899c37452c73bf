/**
 * Component tests without a DOM: a component rendered to static HTML (react-dom/server) and
 * read back with a few queries by test id, role and accessible name. Only the first render is
 * seen (no effects, no clicks), so components keep their logic in props and pure view
 * functions, which is what these tests check; clicks are covered by the commands' own tests
 * and by the end-to-end test in Chromium.
 */
import { fileURLToPath } from 'node:url';
import { createElement, type FunctionComponent } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { tsImport } from 'tsx/esm/api';

const RENDERER_TSCONFIG = fileURLToPath(new URL('../../src/renderer/tsconfig.json', import.meta.url));

/**
 * Loads a renderer module (path relative to this file). The test runner's tsx looks for a
 * tsconfig.json at the repository root, finds none, and would compile JSX to
 * `React.createElement` with no `React` in scope; loading through tsx's API with the
 * renderer's own tsconfig compiles it as Vite does (the automatic runtime).
 */
export async function importRenderer<Module>(path: string): Promise<Module> {
  return (await tsImport(path, { parentURL: import.meta.url, tsconfig: RENDERER_TSCONFIG })) as Module;
}

export function renderMarkup<P extends object>(component: FunctionComponent<P>, props: P): string {
  return renderToStaticMarkup(createElement(component, props));
}

/** An element found in the markup: its attributes, inner HTML and text content. */
export type FoundElement = { tag: string; attributes: Readonly<Record<string, string>>; inner: string; text: string };

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'", '#39': "'", nbsp: '\u00a0' };

function decode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#x27|#39|nbsp);/g, (_, name: string) => ENTITIES[name] ?? '');
}

function parseAttributes(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of source.matchAll(/([\w:-]+)(?:="([^"]*)")?/g)) {
    const [, name, value] = match;
    if (name !== undefined) attributes[name] = decode(value ?? '');
  }
  return attributes;
}

/** The text a person reads: tags dropped, entities decoded, white space collapsed. */
export function textOf(html: string): string {
  return decode(html.replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim();
}

const VOID_TAGS = new Set(['input', 'img', 'br', 'hr', 'meta', 'link', 'path']);

/** Every element whose opening tag matches `test`, with its content up to the matching closing tag. */
export function findAll(html: string, test: (tag: string, attributes: Record<string, string>) => boolean): FoundElement[] {
  const found: FoundElement[] = [];
  for (const open of html.matchAll(/<([a-z][\w-]*)((?:\s[^>]*)?)>/g)) {
    const [whole, tag = '', source = ''] = open;
    const attributes = parseAttributes(source);
    if (!test(tag, attributes)) continue;
    const start = (open.index ?? 0) + whole.length;
    if (VOID_TAGS.has(tag) || source.endsWith('/')) {
      found.push({ tag, attributes, inner: '', text: '' });
      continue;
    }
    // Walk to the closing tag that balances this one.
    const tags = new RegExp(`<(/?)${tag}(?:\\s[^>]*)?>`, 'g');
    tags.lastIndex = start;
    let depth = 1;
    let end = html.length;
    for (let next = tags.exec(html); next !== null; next = tags.exec(html)) {
      depth += next[1] === '/' ? -1 : 1;
      if (depth === 0) {
        end = next.index;
        break;
      }
    }
    const inner = html.slice(start, end);
    found.push({ tag, attributes, inner, text: textOf(inner) });
  }
  return found;
}

export function byTestId(html: string, testId: string): FoundElement {
  const [first] = findAll(html, (_, attributes) => attributes['data-testid'] === testId);
  if (!first) throw new Error(`no element with data-testid="${testId}" in ${html}`);
  return first;
}

export function hasTestId(html: string, testId: string): boolean {
  return findAll(html, (_, attributes) => attributes['data-testid'] === testId).length > 0;
}

/** A button's accessible name: its aria-label, else its text. */
export function accessibleName(element: FoundElement): string {
  return element.attributes['aria-label'] ?? element.text;
}

export function buttons(html: string): FoundElement[] {
  return findAll(html, (tag) => tag === 'button');
}

export function button(html: string, name: string | RegExp): FoundElement {
  const matching = buttons(html).filter((found) => (typeof name === 'string' ? accessibleName(found) === name : name.test(accessibleName(found))));
  if (matching.length !== 1) throw new Error(`expected one button named ${String(name)}, found ${matching.length}: ${buttons(html).map(accessibleName).join(' | ')}`);
  return matching[0] as FoundElement;
}

/** Whether a button can be pressed: not disabled, and not marked busy with aria-disabled. */
export function isPressable(element: FoundElement): boolean {
  return !('disabled' in element.attributes) && element.attributes['aria-disabled'] !== 'true';
}
