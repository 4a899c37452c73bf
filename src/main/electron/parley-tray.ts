/**
 * The tray icon: keeps the menu's "Mute microphone" checkbox equal to the core's mute state
 * (from `getMuted`, then every `muteChanged`) and turns a click into `setMuted`.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { MuteStateSchema } from '../../shared/api-contract.js';
import type { ApiService } from '../api/api-service.js';
import { trayMenuTemplate, type TrayMenuState } from './tray-menu.js';

/** The bits of Electron's `Tray` used here; `M` is the built menu (Electron's `Menu`). */
export interface TrayLike<M> {
  setToolTip(toolTip: string): void;
  setContextMenu(menu: M | null): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

export type ParleyTrayOptions<M> = {
  readonly tray: TrayLike<M>;
  /** `Menu.buildFromTemplate`. */
  readonly buildMenu: (template: MenuItemConstructorOptions[]) => M;
  readonly api: Pick<ApiService, 'dispatch' | 'onEvent'>;
  readonly showWindow: () => void;
  readonly quit: () => void;
  readonly onFault?: (message: string) => void;
};

export class ParleyTray<M> {
  readonly #options: ParleyTrayOptions<M>;
  readonly #unsubscribe: () => void;
  #state: TrayMenuState = { muted: false };
  /** Counts `muteChanged` events, so a late `getMuted` answer cannot undo a newer event. */
  #muteEvents = 0;
  #disposed = false;

  constructor(options: ParleyTrayOptions<M>) {
    this.#options = options;
    options.tray.setToolTip('Parley');
    options.tray.on('click', () => options.showWindow());
    this.#render();
    this.#unsubscribe = options.api.onEvent((name, payload) => {
      if (name !== 'muteChanged') return;
      this.#muteEvents++;
      this.#acceptMuteState(payload);
    });
  }

  /** Reads the current mute state from the core; resolves when the menu shows it. */
  async refresh(): Promise<void> {
    const eventsBefore = this.#muteEvents;
    const result = await this.#options.api.dispatch('getMuted', {});
    if (!result.ok) {
      this.#options.onFault?.(`tray: getMuted failed: ${result.error.message}`);
      return;
    }
    if (this.#muteEvents === eventsBefore) this.#acceptMuteState(result.value);
  }

  get state(): TrayMenuState {
    return this.#state;
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#unsubscribe();
    this.#options.tray.destroy();
  }

  async #setMuted(muted: boolean): Promise<void> {
    const result = await this.#options.api.dispatch('setMuted', { muted });
    if (result.ok) {
      this.#acceptMuteState(result.value);
      return;
    }
    // Electron already flipped the checkbox; draw the real state again.
    this.#render();
    this.#options.onFault?.(`tray: setMuted failed: ${result.error.message}`);
  }

  #acceptMuteState(value: unknown): void {
    const parsed = MuteStateSchema.safeParse(value);
    if (!parsed.success) return;
    this.#state = { muted: parsed.data.muted };
    this.#render();
  }

  #render(): void {
    if (this.#disposed) return;
    const template = trayMenuTemplate(this.#state, {
      showWindow: () => this.#options.showWindow(),
      setMuted: (muted) => void this.#setMuted(muted),
      quit: () => this.#options.quit(),
    });
    this.#options.tray.setContextMenu(this.#options.buildMenu(template));
  }
}
