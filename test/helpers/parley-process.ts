import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PARLEY_BIN = join(REPO_ROOT, 'bin', 'parley.js');

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a short `parley` command to its end. */
export function runParley(args: string[], timeoutMs = 20_000, env: NodeJS.ProcessEnv = {}): RunResult {
  const result = spawnSync(process.execPath, [PARLEY_BIN, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, PARLEY_NO_BROWSER: '1', ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A long-running `parley ... --json` whose JSON events can be awaited. */
export class ParleyProcess {
  readonly child: ChildProcess;
  readonly events: Array<Record<string, unknown>> = [];
  stderr = '';
  readonly #waiters: Array<{ match: (e: Record<string, unknown>) => boolean; resolve: (e: Record<string, unknown>) => void }> = [];
  readonly exited: Promise<number | null>;

  constructor(args: string[]) {
    this.child = spawn(process.execPath, [PARLEY_BIN, ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PARLEY_NO_BROWSER: '1' },
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    createInterface({ input: this.child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      let event: Record<string, unknown>;
      try {
        event = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      this.events.push(event);
      for (const waiter of [...this.#waiters]) {
        if (waiter.match(event)) {
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          waiter.resolve(event);
        }
      }
    });
  }

  /** Resolves with the first event (already seen or coming) that matches, within `ms`. */
  waitFor(match: (e: Record<string, unknown>) => boolean, ms = 15_000): Promise<Record<string, unknown>> {
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching event within ${ms} ms; stderr: ${this.stderr}`)), ms);
      const onExit = (code: number | null): void => {
        clearTimeout(timer);
        reject(new Error(`parley exited (${code}) before the event; stderr: ${this.stderr}`));
      };
      this.child.once('exit', onExit);
      this.#waiters.push({
        match,
        resolve: (event) => {
          clearTimeout(timer);
          this.child.off('exit', onExit);
          resolve(event);
        },
      });
    });
  }

  /** SIGTERM, then SIGKILL if it has not stopped within `ms`; resolves with the exit code. */
  async stop(ms = 5_000): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), ms);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}

export async function startPrivateDht(nodes = 3): Promise<{ process: ParleyProcess; bootstrap: string }> {
  const process = new ParleyProcess(['bootstrap', '--host', '127.0.0.1', '--port', '0', '--nodes', String(nodes), '--json']);
  const ready = await process.waitFor((e) => e['event'] === 'ready');
  return { process, bootstrap: String(ready['bootstrap']) };
}
