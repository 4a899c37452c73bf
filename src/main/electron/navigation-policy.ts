/**
 * Where Parley's web contents may go: nowhere but the app's own page. New windows are always
 * denied; a web link the person clicked opens in their browser, and only if it is http(s), so a
 * `file:`, `javascript:` or custom-scheme URL can never reach `shell.openExternal`.
 */

export type PreventableEvent = { preventDefault(): void };

/** The bits of `WebContents` the policy uses. */
export interface NavigableContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
}

export type NavigationPolicyOptions = {
  /** The renderer's `file://…/index.html` URL. */
  readonly indexUrl: string;
  readonly openExternal: (url: string) => void;
};

/** True when `url` is the app's own page (any `#route` or `?query` on it is the app's business). */
export function isAppPageUrl(url: string, indexUrl: string): boolean {
  const page = parseUrl(url);
  const index = parseUrl(indexUrl);
  if (!page || !index) return false;
  return page.protocol === 'file:' && page.host === index.host && page.pathname === index.pathname;
}

/** The URL to hand to the browser, or `undefined` when it is not an http(s) URL. */
export function externalWebUrl(url: string): string | undefined {
  const parsed = parseUrl(url);
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) return undefined;
  // Credentials in a link are a phishing trick ("https://bank.example@evil.example"), never ours.
  if (parsed.username !== '' || parsed.password !== '') return undefined;
  return parsed.href;
}

/** `setWindowOpenHandler`: never a new window; a web link goes to the browser instead. */
export function decideWindowOpen(url: string, openExternal: (url: string) => void): { action: 'deny' } {
  const external = externalWebUrl(url);
  if (external !== undefined) openExternal(external);
  return { action: 'deny' };
}

/** Applies the policy to one web contents; the composition root calls it for every one created. */
export function applyNavigationPolicy(contents: NavigableContents, options: NavigationPolicyOptions): void {
  contents.setWindowOpenHandler(({ url }) => decideWindowOpen(url, options.openExternal));
  const stayOnAppPage = (event: PreventableEvent, url: string): void => {
    if (!isAppPageUrl(url, options.indexUrl)) event.preventDefault();
  };
  contents.on('will-navigate', stayOnAppPage);
  contents.on('will-redirect', stayOnAppPage);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
