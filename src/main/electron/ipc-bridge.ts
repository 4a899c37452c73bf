/**
 * Carries the typed API over Electron IPC: `ipcRenderer.invoke(IPC_INVOKE_CHANNEL, command, args)`
 * reaches `ApiService.dispatch`, which validates both; every core event goes to the window as
 * `IPC_EVENT_CHANNEL (name, payload)`. Only the app's own page may call: a frame showing anything
 * else (it should never exist, the navigation policy forbids it) gets `UNAUTHORIZED`.
 */
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type ApiResult } from '../../shared/api-contract.js';
import type { ApiService } from '../api/api-service.js';
import { isAppPageUrl } from './navigation-policy.js';

export type BridgedApi = Pick<ApiService, 'dispatch' | 'onEvent'>;

/** The bits of `IpcMainInvokeEvent` the bridge reads. */
export type InvokeEventLike = { readonly senderFrame: { readonly url: string } | null };

/** The bits of `ipcMain` the bridge uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** The bits of `WebContents` events are sent to. */
export interface EventTargetContents {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

export type IpcBridgeOptions = {
  readonly ipcMain: IpcMainLike;
  readonly api: BridgedApi;
  /** The renderer's `file://…/index.html` URL: the only trusted sender. */
  readonly indexUrl: string;
  /** The window's web contents, when there is a window (it comes and goes on macOS). */
  readonly target: () => EventTargetContents | undefined;
  readonly onRefused?: (senderUrl: string | undefined) => void;
};

export const REFUSED_SENDER_RESULT: ApiResult<never> = {
  ok: false,
  error: { code: 'UNAUTHORIZED', message: "only Parley's own window may use its API" },
};

export class IpcBridge {
  readonly #ipcMain: IpcMainLike;
  readonly #unsubscribe: () => void;
  #disposed = false;

  private constructor(options: IpcBridgeOptions) {
    this.#ipcMain = options.ipcMain;
    options.ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, command, args) => {
      const senderUrl = event.senderFrame?.url;
      if (senderUrl === undefined || !isAppPageUrl(senderUrl, options.indexUrl)) {
        options.onRefused?.(senderUrl);
        return REFUSED_SENDER_RESULT;
      }
      return options.api.dispatch(command, args);
    });
    this.#unsubscribe = options.api.onEvent((name, payload) => {
      const contents = options.target();
      if (contents && !contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, name, payload);
    });
  }

  /** Starts answering the renderer; there is one bridge per process (one handler per channel). */
  static install(options: IpcBridgeOptions): IpcBridge {
    return new IpcBridge(options);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
    this.#unsubscribe();
  }
}
