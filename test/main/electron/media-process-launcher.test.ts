import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import { utilityProcessLauncher, type UtilityProcessChild } from '../../../src/main/electron/media-process-launcher.js';

class FakeUtilityChild extends EventEmitter implements UtilityProcessChild {
  readonly pid = 77;
  readonly posted: unknown[] = [];
  killed = false;
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  kill(): boolean {
    this.killed = true;
    return true;
  }
}

test('the desktop app starts the media process as an Electron utility process, stdout dropped', () => {
  const forks: Array<{ modulePath: string; options: unknown }> = [];
  const child = new FakeUtilityChild();
  const launch = utilityProcessLauncher({
    fork: (modulePath, _args, options) => {
      forks.push({ modulePath, options });
      return child;
    },
  });
  const launched = launch('/app/dist/main/media/worker/media-process.js');
  assert.deepEqual(forks, [{ modulePath: '/app/dist/main/media/worker/media-process.js', options: { stdio: ['ignore', 'ignore', 'inherit'], serviceName: 'Parley media' } }]);
  assert.equal(launched.pid, 77);
  const heard: unknown[] = [];
  const exits: number[] = [];
  launched.onMessage((message) => heard.push(message));
  launched.onExit((code) => exits.push(code));
  launched.postMessage({ id: 1, method: 'listDevices', params: {} });
  child.emit('message', { type: 'response', id: 1, ok: true, value: [] });
  child.emit('exit', 0);
  launched.kill();
  assert.deepEqual(child.posted, [{ id: 1, method: 'listDevices', params: {} }]);
  assert.deepEqual(heard, [{ type: 'response', id: 1, ok: true, value: [] }]);
  assert.deepEqual(exits, [0]);
  assert.equal(child.killed, true);
});
