import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  applyNavigationPolicy,
  decideWindowOpen,
  externalWebUrl,
  isAppPageUrl,
  type NavigableContents,
  type PreventableEvent,
} from '../../../src/main/electron/navigation-policy.js';

const indexUrl = 'file:///opt/Parley/resources/app.asar/dist/renderer/index.html';

const pageCases: Array<[string, boolean]> = [
  [indexUrl, true],
  [`${indexUrl}#/settings`, true],
  [`${indexUrl}?view=calls`, true],
  ['file:///opt/Parley/resources/app.asar/dist/renderer/other.html', false],
  ['file:///etc/passwd', false],
  ['file://evil.example/opt/Parley/resources/app.asar/dist/renderer/index.html', false],
  ['https://example.com/', false],
  ['http://127.0.0.1:5173/', false],
  ['javascript:alert(1)', false],
  ['data:text/html,<h1>hi</h1>', false],
  ['not a url', false],
];

for (const [url, expected] of pageCases) {
  test(`${url} is ${expected ? '' : 'not '}the app's own page`, () => {
    assert.equal(isAppPageUrl(url, indexUrl), expected);
  });
}

const externalCases: Array<[string, string | undefined]> = [
  ['https://parley.example/help', 'https://parley.example/help'],
  ['http://example.com', 'http://example.com/'],
  ['HTTPS://EXAMPLE.COM/a', 'https://example.com/a'],
  ['https://bank.example@evil.example/', undefined],
  ['file:///etc/passwd', undefined],
  ['javascript:alert(1)', undefined],
  ['sip:alice@example.com', undefined],
  ['smb://server/share', undefined],
  ['ms-settings:privacy', undefined],
  ['', undefined],
];

for (const [url, expected] of externalCases) {
  test(`externalWebUrl(${JSON.stringify(url)}) is ${expected ?? 'refused'}`, () => {
    assert.equal(externalWebUrl(url), expected);
  });
}

test('window.open is always denied; a web link goes to the browser, anything else nowhere', () => {
  const opened: string[] = [];
  assert.deepEqual(decideWindowOpen('https://example.com/x', (url) => opened.push(url)), { action: 'deny' });
  assert.deepEqual(decideWindowOpen('file:///etc/passwd', (url) => opened.push(url)), { action: 'deny' });
  assert.deepEqual(decideWindowOpen(indexUrl, (url) => opened.push(url)), { action: 'deny' });
  assert.deepEqual(opened, ['https://example.com/x']);
});

/** A web contents that records the handlers the policy installs. */
class FakeContents implements NavigableContents {
  windowOpenHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
  readonly listeners = new Map<string, Array<(event: PreventableEvent, url: string) => void>>();
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  on(event: string, listener: (event: PreventableEvent, url: string) => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  /** Emits like Electron and answers whether a listener prevented the default. */
  emitPreventable(event: string, url = ''): boolean {
    let prevented = false;
    for (const listener of this.listeners.get(event) ?? []) listener({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

test('the policy keeps a web contents on the app page and refuses <webview>', () => {
  const contents = new FakeContents();
  const opened: string[] = [];
  applyNavigationPolicy(contents, { indexUrl, openExternal: (url) => opened.push(url) });
  assert.equal(contents.emitPreventable('will-navigate', `${indexUrl}#/calls`), false);
  assert.equal(contents.emitPreventable('will-navigate', 'https://evil.example/'), true);
  assert.equal(contents.emitPreventable('will-navigate', 'file:///home/me/.ssh/id_ed25519'), true);
  assert.equal(contents.emitPreventable('will-redirect', 'https://evil.example/'), true);
  assert.equal(contents.emitPreventable('will-attach-webview'), true);
  assert.deepEqual(contents.windowOpenHandler?.({ url: 'https://parley.example/' }), { action: 'deny' });
  assert.deepEqual(opened, ['https://parley.example/']);
});
