#!/usr/bin/env node
// Renders assets/icon.svg to the PNGs the app and the packager use, with headless Chromium
// (there is no ImageMagick here): `node scripts/render-icons.mjs`. Needs a Chromium binary:
// /usr/bin/chromium by default (`apt-get install -y chromium`), or PARLEY_CHROMIUM=/path.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const svg = readFileSync(join(root, 'assets/icon.svg'), 'utf8');

/** File → edge in pixels. icon.png is the source electron-builder converts to .icns/.ico. */
const OUTPUTS = {
  'assets/icon.png': 512,
  'assets/tray-icon.png': 32,
  // Electron picks the @2x file for the tray on HiDPI screens by itself.
  'assets/tray-icon@2x.png': 64,
};

const browser = await chromium.launch({
  executablePath: process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  for (const [file, size] of Object.entries(OUTPUTS)) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    const sized = svg.replace(/width="\d+" height="\d+"/, `width="${size}" height="${size}"`);
    await page.setContent(
      `<!doctype html><style>html,body{margin:0;padding:0;background:transparent}svg{display:block}</style>${sized}`,
    );
    await page.screenshot({ path: join(root, file), omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    await page.close();
    console.log(`render-icons: ${file} ${size}x${size}`);
  }
} finally {
  await browser.close();
}
