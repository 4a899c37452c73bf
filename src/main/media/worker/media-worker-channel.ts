import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { MediaWorkerDatagram, MediaWorkerMessage, MediaWorkerRequest } from './media-worker-protocol.js';

/**
 * Where the media engine runs. A thread is cheap and enough for files and tones. Sound cards want
 * a process: naudiodon prints to stdout with C `printf` (it would corrupt `parley call --json`),
 * loads once per process, and a quit on a dead output device never returns — a process that
 * hangs can be killed, a thread stuck in native code cannot.
 */
export type MediaWorkerIsolation = 'thread' | 'process';

/** Set to 1 to see what the media process prints (naudiodon's options, say) on our stderr. */
export const MEDIA_STDOUT_ENV = 'PARLEY_DEBUG_MEDIA_STDOUT';

/** One running media engine as the host reaches it, whatever runs it. */
export interface MediaWorkerChannel {
  /** The media process's id; undefined for a thread. */
  readonly pid: number | undefined;
  /** Sends a request; `undelivered` is told when it cannot go (a channel already gone, a value that cannot be copied). */
  post(request: MediaWorkerRequest | MediaWorkerDatagram, undelivered: (error: Error) => void): void;
  onMessage(listener: (message: MediaWorkerMessage) => void): void;
  /** Called once, when the engine is gone, with why in words. */
  onExit(listener: (reason: string) => void): void;
  /** After `shutdown` was answered: lets the engine end by itself. */
  end(): void;
  /** Ends the engine at once, whatever it is doing. */
  kill(): void;
}

/**
 * A media process the host reaches by messages, started by someone else: Electron's
 * `utilityProcess` in the packaged desktop app, whose fuses forbid running its binary as Node
 * (so `child_process.fork` cannot work there). The media layer never imports Electron: the
 * desktop app's glue passes a launcher in.
 */
export interface LaunchedMediaProcess {
  readonly pid: number | undefined;
  /** Structured clone, as `postMessage` to a thread. */
  postMessage(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number) => void): void;
  kill(): void;
}

/** Starts the media process's entry module (a file path). */
export type MediaProcessLauncher = (modulePath: string) => LaunchedMediaProcess;

/** What the host says to a launched media process when it lets it go (no IPC `disconnect` there). */
export const END_OF_HOST = { type: 'endOfHost' } as const;

/** The engine's entry next to this module: `.js` in the tsc build, `.ts` when this module runs through tsx. */
export function mediaWorkerEntry(isolation: MediaWorkerIsolation = 'thread', moduleUrl: string = import.meta.url): URL {
  const name = isolation === 'thread' ? 'media-worker' : 'media-process';
  return new URL(`./${name}${moduleUrl.endsWith('.ts') ? '.ts' : '.js'}`, moduleUrl);
}

export function openMediaWorkerChannel(isolation: MediaWorkerIsolation, entry: URL, launcher?: MediaProcessLauncher): MediaWorkerChannel {
  if (isolation === 'thread') return threadChannel(entry);
  return launcher ? launchedChannel(launcher(fileURLToPath(entry))) : processChannel(entry);
}

/** A process a launcher started (Electron's utilityProcess): messages in and out, an exit code. */
export function launchedChannel(child: LaunchedMediaProcess): MediaWorkerChannel {
  let exitListener: ((reason: string) => void) | undefined;
  let exitReason: string | undefined;
  child.onExit((code) => {
    exitReason ??= `the media process exited with code ${code}`;
    exitListener?.(exitReason);
  });
  return {
    pid: child.pid,
    post: (request, undelivered) => {
      if (exitReason !== undefined) return undelivered(new Error('the media process is gone'));
      try {
        child.postMessage(request);
      } catch (error) {
        undelivered(error instanceof Error ? error : new Error(String(error)));
      }
    },
    // The engine is our own code: what it posts is a MediaWorkerMessage.
    onMessage: (listener) => child.onMessage((message) => listener(message as MediaWorkerMessage)),
    onExit: (listener) => {
      exitListener = listener;
      if (exitReason !== undefined) listener(exitReason);
    },
    end: () => {
      if (exitReason === undefined) child.postMessage(END_OF_HOST);
    },
    kill: () => child.kill(),
  };
}

/**
 * Starts a worker thread on `entry`. Compiled JavaScript starts as it is. TypeScript (tests and
 * benches run through tsx) needs tsx's loader inside the thread before the entry is imported; on
 * Node 20 `execArgv: ['--import', 'tsx']` does not reach a worker's entry module ("Unknown file
 * extension .ts", measured), so a two-line bootstrap registers tsx's ESM hooks, then imports it.
 */
export function startWorker(entry: URL): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry);
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true });
}

function threadChannel(entry: URL): MediaWorkerChannel {
  const worker = startWorker(entry);
  let lastError: Error | undefined;
  worker.on('error', (error) => (lastError = error));
  return {
    pid: undefined,
    post: (request, undelivered) => {
      try {
        worker.postMessage(request);
      } catch (error) {
        undelivered(error instanceof Error ? error : new Error(String(error)));
      }
    },
    onMessage: (listener) => void worker.on('message', listener),
    onExit: (listener) => void worker.once('exit', (code) => listener(lastError?.message ?? `the media worker exited with code ${code}`)),
    // The thread closes its port once it has answered `shutdown`, and ends.
    end: () => undefined,
    kill: () => void worker.terminate(),
  };
}

/**
 * Forks `entry` with an IPC channel. Its stdout is /dev/null: a pipe would have to be drained
 * (a full one blocks naudiodon's `printf` on the audio path) and we would only drop it anyway.
 * Its stderr is ours, where faults and ALSA's complaints belong. The `advanced` serialization is
 * the structured clone of `postMessage`, so typed arrays and `undefined` cross as they do to a
 * thread. Under tsx the child imports tsx first (Node 20 passes `--import` to a process, unlike to
 * a worker thread).
 */
function processChannel(entry: URL): MediaWorkerChannel {
  // Debugging: the child's stdout is our stderr (fd 2), still never our stdout.
  const stdout = process.env[MEDIA_STDOUT_ENV] === '1' ? 2 : 'ignore';
  const child = fork(fileURLToPath(entry), [], {
    execArgv: entry.pathname.endsWith('.ts') ? ['--import', import.meta.resolve('tsx')] : [],
    serialization: 'advanced',
    stdio: ['ignore', stdout, 'inherit', 'ipc'],
  });
  let lastError: Error | undefined;
  let exitListener: ((reason: string) => void) | undefined;
  let exitReason: string | undefined;
  const exited = (reason: string): void => {
    if (exitReason !== undefined) return;
    exitReason = reason;
    exitListener?.(reason);
  };
  child.on('error', (error) => {
    lastError = error;
    // A process that never started has no 'exit' to wait for.
    if (child.pid === undefined) exited(`the media process could not start: ${error.message}`);
  });
  child.once('exit', (code, signal) => {
    const how = signal === null ? `exited with code ${code ?? 0}` : `was killed by ${signal}`;
    exited(lastError && child.pid === undefined ? lastError.message : `the media process ${how}`);
  });
  return {
    pid: child.pid,
    post: (request, undelivered) => {
      if (!child.connected) return undelivered(new Error('the media process is gone'));
      try {
        child.send(request, (error: Error | null) => error && undelivered(error));
      } catch (error) {
        undelivered(error instanceof Error ? error : new Error(String(error)));
      }
    },
    // The engine is our own code: what it posts is a MediaWorkerMessage.
    onMessage: (listener) => void child.on('message', (message) => listener(message as MediaWorkerMessage)),
    onExit: (listener) => {
      exitListener = listener;
      if (exitReason !== undefined) listener(exitReason);
    },
    end: () => {
      if (child.connected) child.disconnect();
    },
    kill: () => void child.kill('SIGKILL'),
  };
}
