import type { LaunchedMediaProcess, MediaProcessLauncher } from '../media/index.js';

/** The part of Electron's `utilityProcess` module the media process needs (electron ≥ 22). */
export interface UtilityProcessModule {
  fork(modulePath: string, args?: string[], options?: { stdio?: 'ignore' | 'inherit' | 'pipe' | Array<'ignore' | 'inherit' | 'pipe'>; serviceName?: string }): UtilityProcessChild;
}

export interface UtilityProcessChild {
  readonly pid: number | undefined;
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

/**
 * Starts the media process in the desktop app. The packaged app's fuses forbid running its
 * binary as Node (`runAsNode: false`), so `child_process.fork` cannot start it; Electron's
 * utility process can, with the same engine and protocol (media-process.ts reads
 * `process.parentPort`). Its stdout is dropped, as naudiodon prints there; stderr is kept.
 */
export function utilityProcessLauncher(utilityProcess: UtilityProcessModule): MediaProcessLauncher {
  return (modulePath: string): LaunchedMediaProcess => {
    const child = utilityProcess.fork(modulePath, [], { stdio: ['ignore', 'ignore', 'inherit'], serviceName: 'Parley media' });
    return {
      get pid() {
        return child.pid;
      },
      postMessage: (message) => child.postMessage(message),
      onMessage: (listener) => void child.on('message', listener),
      onExit: (listener) => void child.on('exit', listener),
      kill: () => void child.kill(),
    };
  };
}
