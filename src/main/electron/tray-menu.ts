/**
 * The tray icon's menu, built from state so it can be rebuilt whenever that state changes
 * (Electron menus are immutable once set; a checkbox is redrawn by setting a new menu).
 */
import type { MenuItemConstructorOptions } from 'electron';

export type TrayMenuState = { readonly muted: boolean };

export type TrayMenuActions = {
  readonly showWindow: () => void;
  /** Asks the core for this mute state; the menu follows the `muteChanged` that results. */
  readonly setMuted: (muted: boolean) => void;
  readonly quit: () => void;
};

export const TRAY_MENU_IDS = { show: 'show', mute: 'mute', quit: 'quit' } as const;

export function trayMenuTemplate(state: TrayMenuState, actions: TrayMenuActions): MenuItemConstructorOptions[] {
  return [
    { id: TRAY_MENU_IDS.show, label: 'Show Parley', click: () => actions.showWindow() },
    { type: 'separator' },
    {
      id: TRAY_MENU_IDS.mute,
      label: 'Mute microphone',
      type: 'checkbox',
      checked: state.muted,
      // From the state, not from the clicked item: Electron flips `checked` before `click`.
      click: () => actions.setMuted(!state.muted),
    },
    { type: 'separator' },
    { id: TRAY_MENU_IDS.quit, label: 'Quit', click: () => actions.quit() },
  ];
}
