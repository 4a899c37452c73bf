/**
 * Builds the renderer: the React app Electron loads from file:// and `parley serve` serves.
 * Runs in Node at build time (see tsconfig.node.json), never in the renderer.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from '../shared/content-security-policy.js';

const rendererDir = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

/** Where index.html wants the policy: right after the charset, before anything it governs. */
const CSP_PLACEHOLDER = '<!-- parley:content-security-policy -->';

/**
 * Writes the one CSP (src/shared/content-security-policy.ts) into index.html as a meta tag, which
 * is what Electron's file:// load obeys. Build only: the dev server injects inline <style> for hot
 * reload, which this policy rightly forbids.
 */
function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'parley-content-security-policy',
    apply: 'build',
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        if (!html.includes(CSP_PLACEHOLDER)) throw new Error(`index.html lost its ${CSP_PLACEHOLDER} line`);
        if (/["<>&]/.test(CONTENT_SECURITY_POLICY)) throw new Error('the CSP cannot be written into an attribute as is');
        const meta = `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`;
        return html.replace(CSP_PLACEHOLDER, meta);
      },
    },
  };
}

export default defineConfig({
  root: rendererDir,
  // Relative asset URLs so the same build works from file:// (Electron) and http:// (parley serve).
  base: './',
  plugins: [react(), contentSecurityPolicyMeta()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'chrome120',
    // Chromium supports modulepreload natively; the polyfill would only add code.
    modulePreload: { polyfill: false },
    sourcemap: true,
    // Keep every asset a file: a CSP with `default-src 'none'` must not meet inlined fonts or CSS.
    assetsInlineLimit: 0,
  },
});
