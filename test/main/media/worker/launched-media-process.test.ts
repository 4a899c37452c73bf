import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { MediaWorkerHost, type LaunchedMediaProcess } from '../../../../src/main/media/index.js';

/** Starts the media process the way Electron's utilityProcess does, emulated on Node's fork. */
function utilityLikeLauncher(exits: Array<{ code: number | null; signal: NodeJS.Signals | null }>) {
  return (modulePath: string): LaunchedMediaProcess => {
    const child = fork(modulePath, [], {
      execArgv: ['--import', import.meta.resolve('tsx'), '--import', fileURLToPath(new URL('./utility-process-shim.ts', import.meta.url))],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    child.on('exit', (code, signal) => exits.push({ code, signal }));
    return {
      pid: child.pid,
      postMessage: (message) => void child.send(message as object),
      onMessage: (listener) => void child.on('message', listener),
      onExit: (listener) => void child.on('exit', (code) => listener(code ?? -1)),
      kill: () => void child.kill('SIGKILL'),
    };
  };
}

test('a launched media process (the desktop app’s utility process) runs sessions and ends by itself when let go', { timeout: 30_000 }, async () => {
  const exits: Array<{ code: number | null; signal: NodeJS.Signals | null }> = [];
  const host = new MediaWorkerHost({ isolation: 'process', launcher: utilityLikeLauncher(exits), closeTimeoutMs: 5000 });
  const codec = { encodingName: 'PCMU', payloadType: 0, clockRate: 8000 };
  const a = await host.createSession('a', { codec, source: { kind: 'tone', frequencyHz: 440 }, sink: { kind: 'null' }, local: { host: '127.0.0.1' } });
  const b = await host.createSession('b', { codec, source: { kind: 'silence' }, sink: { kind: 'null' }, local: { host: '127.0.0.1' } });
  await host.startSession('a', b.localAddress ?? undefined);
  await host.startSession('b', a.localAddress ?? undefined);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const received = await host.getStatistics('b');
  assert.ok(received.packetsReceived > 10, `b received ${received.packetsReceived} packets from a`);
  await host.close();
  assert.deepEqual(exits, [{ code: 0, signal: null }], 'the process ended on its own after the host let it go, not killed');
});
