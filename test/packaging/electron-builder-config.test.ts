/**
 * electron-builder.yml, checked the way electron-builder itself checks it before packaging: read
 * with its YAML parser, then `validateConfiguration` against its own scheme.json. The packaging
 * itself needs the Electron binary and cannot run here; this catches a config it would refuse.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { SIP_LINK_SCHEMES } from '../../src/main/electron/sip-protocol-registration.js';

const root = process.env['PARLEY_ROOT'] ?? process.cwd();

// Resolved the way electron-builder resolves them, so the test uses its versions.
const fromElectronBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));
const fromAppBuilderLib = createRequire(fromElectronBuilder.resolve('app-builder-lib/package.json'));
const { validateConfiguration } = fromAppBuilderLib('./out/util/config/config.js') as {
  validateConfiguration: (config: unknown, debugLogger: unknown) => Promise<void>;
};
const { DebugLogger } = fromAppBuilderLib('builder-util') as { DebugLogger: new (isEnabled?: boolean) => unknown };
const yaml = fromAppBuilderLib('js-yaml') as { load: (text: string) => unknown };

type Config = Record<string, unknown> & {
  protocols?: Array<{ name: string; schemes: string[] }>;
  files?: string[];
  icon?: string;
  mac?: Record<string, unknown>;
  linux?: Record<string, unknown>;
  deb?: Record<string, unknown>;
  win?: Record<string, unknown>;
};

function loadConfig(): Config {
  return yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Config;
}

function validate(config: unknown): Promise<void> {
  return validateConfiguration(structuredClone(config), new DebugLogger(false));
}

test('electron-builder accepts electron-builder.yml', async () => {
  await validate(loadConfig());
});

test('the same check refuses an unknown top-level key', async () => {
  await assert.rejects(validate({ ...loadConfig(), appIdentifier: 'org.parley.app' }), /unknown property 'appIdentifier'/);
});

test('the same check refuses a misplaced option', async () => {
  const config = loadConfig();
  await assert.rejects(validate({ ...config, linux: { ...config.linux, extendInfo: { x: 'y' } } }), /configuration\.linux/);
});

test('the app is identified as org.parley.app / Parley and packaged into release/', () => {
  const config = loadConfig();
  assert.equal(config['appId'], 'org.parley.app');
  assert.equal(config['productName'], 'Parley');
  assert.deepEqual(config['directories'], { output: 'release', buildResources: 'assets' });
});

test('the OS is told Parley opens exactly the schemes the app handles', () => {
  assert.deepEqual(loadConfig().protocols, [{ name: 'SIP', schemes: [...SIP_LINK_SCHEMES] }]);
});

test('the targets and platform metadata are set', () => {
  const config = loadConfig();
  assert.deepEqual(config.linux?.['target'], ['AppImage', 'deb']);
  assert.match(String(config.linux?.['category']), /^Network;Telephony/);
  assert.ok((config.deb?.['depends'] as string[]).includes('libasound2'));
  // electron-builder refuses to build a .deb without one (package.json's author has no e-mail).
  assert.match(String(config.linux?.['maintainer']), /^.+ <[^@\s]+@[^@\s]+>$/);
  assert.equal(config.mac?.['target'], 'dmg');
  assert.equal(config.mac?.['category'], 'public.app-category.social-networking');
  assert.match(String((config.mac?.['extendInfo'] as Record<string, unknown>)['NSMicrophoneUsageDescription']), /microphone/);
  assert.equal(config.win?.['target'], 'nsis');
  assert.deepEqual(config['asarUnpack'], ['**/*.node', 'node_modules/naudiodon/**']);
});

test('every file the config names exists, and the packaged files include what the app loads at run time', () => {
  const config = loadConfig();
  for (const file of [config.icon, config.mac?.['entitlements'], config.mac?.['entitlementsInherit']]) {
    assert.ok(typeof file === 'string' && existsSync(join(root, file)), `${String(file)} is missing`);
  }
  const files = config.files ?? [];
  assert.ok(files.includes('dist/**/*') && files.includes('package.json'));
  // appPaths(): the window icon and the tray icon are read from assets/ at run time.
  for (const asset of ['assets/icon.png', 'assets/tray-icon.png']) {
    assert.ok(files.includes(asset), `${asset} is not packaged`);
    assert.ok(existsSync(join(root, asset)), `${asset} is missing`);
  }
});

test("package.json's main is the compiled composition root", () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string };
  assert.equal(pkg.main, 'dist/main/electron/electron-main.js');
  assert.ok(existsSync(join(root, 'src/main/electron/electron-main.ts')));
});
