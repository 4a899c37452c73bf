import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MenuItemConstructorOptions } from 'electron';
import { TRAY_MENU_IDS, trayMenuTemplate, type TrayMenuActions } from '../../../src/main/electron/tray-menu.js';

function recordingActions(): { actions: TrayMenuActions; log: string[] } {
  const log: string[] = [];
  return {
    log,
    actions: {
      showWindow: () => log.push('show'),
      setMuted: (muted) => log.push(`setMuted ${muted}`),
      quit: () => log.push('quit'),
    },
  };
}

function item(template: MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions {
  const found = template.find((entry) => entry.id === id);
  assert.ok(found, `no menu item '${id}'`);
  return found;
}

/** Clicks like Electron: the handler gets the item, a window and the keyboard event; we pass stand-ins. */
function click(entry: MenuItemConstructorOptions): void {
  (entry.click as unknown as () => void)();
}

test('the tray menu has Show Parley, Mute microphone and Quit, in that order', () => {
  const labels = trayMenuTemplate({ muted: false }, recordingActions().actions)
    .filter((entry) => entry.type !== 'separator')
    .map((entry) => entry.label);
  assert.deepEqual(labels, ['Show Parley', 'Mute microphone', 'Quit']);
});

for (const muted of [false, true]) {
  test(`when ${muted ? '' : 'not '}muted the checkbox is ${muted ? '' : 'un'}checked and a click asks for muted=${!muted}`, () => {
    const { actions, log } = recordingActions();
    const mute = item(trayMenuTemplate({ muted }, actions), TRAY_MENU_IDS.mute);
    assert.equal(mute.type, 'checkbox');
    assert.equal(mute.checked, muted);
    click(mute);
    assert.deepEqual(log, [`setMuted ${!muted}`]);
  });
}

test('Show Parley shows the window and Quit quits', () => {
  const { actions, log } = recordingActions();
  const template = trayMenuTemplate({ muted: false }, actions);
  click(item(template, TRAY_MENU_IDS.show));
  click(item(template, TRAY_MENU_IDS.quit));
  assert.deepEqual(log, ['show', 'quit']);
});
