import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import { installGracefulQuit, type QuittableApp, type SetTimer } from '../../../src/main/electron/graceful-quit.js';

/** An `app` whose quit() emits before-quit like Electron's, and counts quits that went through. */
class FakeApp extends EventEmitter implements QuittableApp {
  quits = 0;
  quit(): void {
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.quits++;
  }
}

/** Fake time: timers fire only when the test says so. */
function fakeTimers(): { setTimer: SetTimer; fireAll: () => void; pending: () => number } {
  const timers = new Set<() => void>();
  return {
    setTimer: (callback) => {
      timers.add(callback);
      return () => timers.delete(callback);
    },
    fireAll: () => {
      for (const callback of [...timers]) {
        timers.delete(callback);
        callback();
      }
    },
    pending: () => timers.size,
  };
}

test('quitting waits for the core to close, then quits once', async () => {
  const app = new FakeApp();
  const timers = fakeTimers();
  let closeCore!: () => void;
  let closes = 0;
  installGracefulQuit({
    app,
    setTimer: timers.setTimer,
    close: () => {
      closes++;
      return new Promise<void>((resolve) => (closeCore = resolve));
    },
  });
  app.quit();
  app.quit(); // a second Quit while closing does not close twice nor quit early
  assert.equal(app.quits, 0);
  assert.equal(closes, 1);
  closeCore();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(app.quits, 1);
  assert.equal(timers.pending(), 0);
});

test('a core that fails to close still lets the app quit, and the fault is reported', async () => {
  const app = new FakeApp();
  const faults: string[] = [];
  installGracefulQuit({ app, setTimer: fakeTimers().setTimer, close: () => Promise.reject(new Error('DHT stuck')), onFault: (m) => faults.push(m) });
  app.quit();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(app.quits, 1);
  assert.match(faults.join(), /DHT stuck/);
});

test('a core that never closes is abandoned when the time limit passes', async () => {
  const app = new FakeApp();
  const timers = fakeTimers();
  const faults: string[] = [];
  installGracefulQuit({ app, setTimer: timers.setTimer, timeoutMs: 5000, close: () => new Promise(() => {}), onFault: (m) => faults.push(m) });
  app.quit();
  assert.equal(app.quits, 0);
  timers.fireAll();
  assert.equal(app.quits, 1);
  assert.match(faults.join(), /did not close within 5000 ms/);
});
