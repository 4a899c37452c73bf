/**
 * Quitting waits for the core to close (unannounce from the DHT, end calls with BYE, flush the
 * profile): the first `before-quit` is held back until `close()` settles, then the quit goes on.
 * A core that hangs must not keep the app alive, so the wait is bounded.
 */
import type { PreventableEvent } from './navigation-policy.js';

/** The bits of Electron's `app` used here. */
export interface QuittableApp {
  on(event: 'before-quit', listener: (event: PreventableEvent) => void): unknown;
  quit(): void;
}

export type SetTimer = (callback: () => void, ms: number) => () => void;

export type GracefulQuitOptions = {
  readonly app: QuittableApp;
  /** Closes the core (resolves at once when the core never started). */
  readonly close: () => Promise<void>;
  readonly timeoutMs?: number;
  readonly setTimer?: SetTimer;
  readonly onFault?: (message: string) => void;
};

/** HyperDHT unannounce takes a few round trips; 5 s covers a slow network without feeling stuck. */
export const DEFAULT_QUIT_TIMEOUT_MS = 5_000;

const realTimer: SetTimer = (callback, ms) => {
  const timer = setTimeout(callback, ms);
  return () => clearTimeout(timer);
};

export function installGracefulQuit(options: GracefulQuitOptions): void {
  const timeoutMs = options.timeoutMs ?? DEFAULT_QUIT_TIMEOUT_MS;
  const setTimer = options.setTimer ?? realTimer;
  let phase: 'running' | 'closing' | 'closed' = 'running';

  const finish = (): void => {
    if (phase === 'closed') return;
    phase = 'closed';
    options.app.quit();
  };

  options.app.on('before-quit', (event) => {
    if (phase === 'closed') return;
    event.preventDefault();
    if (phase === 'closing') return;
    phase = 'closing';
    const cancelTimer = setTimer(() => {
      options.onFault?.(`the core did not close within ${timeoutMs} ms; quitting anyway`);
      finish();
    }, timeoutMs);
    options.close().then(
      () => {
        cancelTimer();
        finish();
      },
      (error: unknown) => {
        cancelTimer();
        options.onFault?.(`the core failed to close: ${error instanceof Error ? error.message : String(error)}`);
        finish();
      },
    );
  });
}
