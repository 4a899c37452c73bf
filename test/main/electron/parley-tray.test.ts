import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MenuItemConstructorOptions } from 'electron';
import { ParleyTray, type TrayLike } from '../../../src/main/electron/parley-tray.js';
import { TRAY_MENU_IDS } from '../../../src/main/electron/tray-menu.js';
import { createTestApi } from './test-api.js';

type Template = MenuItemConstructorOptions[];

class FakeTray implements TrayLike<Template> {
  menus: Array<Template | null> = [];
  toolTip = '';
  destroyed = false;
  clickListener: (() => void) | undefined;
  setToolTip(toolTip: string): void {
    this.toolTip = toolTip;
  }
  setContextMenu(menu: Template | null): void {
    this.menus.push(menu);
  }
  on(_event: 'click', listener: () => void): this {
    this.clickListener = listener;
    return this;
  }
  destroy(): void {
    this.destroyed = true;
  }
  get muteItem(): MenuItemConstructorOptions | undefined {
    return this.menus.at(-1)?.find((entry) => entry.id === TRAY_MENU_IDS.mute);
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

function setUp(options: { setMutedFails?: boolean } = {}) {
  const core = createTestApi(options);
  const tray = new FakeTray();
  const log: string[] = [];
  const parleyTray = new ParleyTray<Template>({
    tray,
    buildMenu: (template) => template,
    api: core.api,
    showWindow: () => log.push('show'),
    quit: () => log.push('quit'),
    onFault: (message) => log.push(message),
  });
  return { core, tray, log, parleyTray };
}

test('the tray starts unmuted and reads the core state', async () => {
  const { core, tray, parleyTray } = setUp();
  assert.equal(tray.toolTip, 'Parley');
  assert.equal(tray.muteItem?.checked, false);
  core.state.muted = true;
  await parleyTray.refresh();
  assert.equal(tray.muteItem?.checked, true);
});

test('clicking "Mute microphone" dispatches setMuted and the checkbox follows', async () => {
  const { core, tray } = setUp();
  (tray.muteItem?.click as unknown as () => void)();
  await settle();
  assert.deepEqual(core.calls, [{ command: 'setMuted', args: { muted: true } }]);
  assert.equal(core.state.muted, true);
  assert.equal(tray.muteItem?.checked, true);
});

test('the checkbox follows muteChanged from elsewhere (the window, a call)', () => {
  const { core, tray } = setUp();
  core.api.emit('muteChanged', { muted: true });
  assert.equal(tray.muteItem?.checked, true);
  core.api.emit('muteChanged', { muted: false });
  assert.equal(tray.muteItem?.checked, false);
});

test('a late getMuted answer does not undo a newer muteChanged', async () => {
  const { core, tray, parleyTray } = setUp();
  const refreshed = parleyTray.refresh(); // the core answers muted=false…
  core.api.emit('muteChanged', { muted: true }); // …but the state changed before the answer arrived
  await refreshed;
  assert.equal(tray.muteItem?.checked, true);
});

test('when the core refuses setMuted the checkbox is redrawn as it was and the fault reported', async () => {
  const { tray, log } = setUp({ setMutedFails: true });
  const menusBefore = tray.menus.length;
  (tray.muteItem?.click as unknown as () => void)();
  await settle();
  assert.equal(tray.menus.length, menusBefore + 1);
  assert.equal(tray.muteItem?.checked, false);
  assert.match(log.join(), /setMuted failed: no microphone/);
});

test('clicking the icon shows the window; dispose removes the icon and stops following events', () => {
  const { core, tray, log, parleyTray } = setUp();
  tray.clickListener?.();
  assert.deepEqual(log, ['show']);
  parleyTray.dispose();
  const menus = tray.menus.length;
  core.api.emit('muteChanged', { muted: true });
  assert.equal(tray.destroyed, true);
  assert.equal(tray.menus.length, menus);
});
