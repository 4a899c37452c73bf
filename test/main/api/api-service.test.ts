import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiService, type CommandHandlers } from '../../../src/main/api/api-service.js';
import { ParleyError } from '../../../src/main/parley-error.js';
import { inMemoryHandlers } from '../../helpers/in-memory-handlers.js';

function handlers(overrides: Partial<CommandHandlers> = {}): CommandHandlers {
  return { ...inMemoryHandlers(() => {}), ...overrides };
}

describe('the API service', () => {
  test('answers a valid command with its value', async () => {
    const api = new ApiService(handlers());
    assert.deepEqual(await api.dispatch('setMuted', { muted: true }), { ok: true, value: { muted: true } });
  });

  test('hands handlers the parsed (trimmed) arguments', async () => {
    const api = new ApiService(handlers());
    const result = await api.dispatch('setDisplayName', { displayName: '  Bob ' });
    assert.ok(result.ok);
    assert.equal((result.value as { displayName: string }).displayName, 'Bob');
  });

  test('hands out each waiting sip: link once', async () => {
    const api = new ApiService(inMemoryHandlers(() => {}, 'browser', { muted: false, notices: [], pendingDials: ['sip:bob@example.org'] }));
    assert.deepEqual(await api.dispatch('takeDialRequests', {}), { ok: true, value: ['sip:bob@example.org'] });
    assert.deepEqual(await api.dispatch('takeDialRequests', {}), { ok: true, value: [] });
  });

  const badCalls: Array<[string, unknown, unknown, string]> = [
    ['an unknown command', 'formatDisk', {}, 'UNKNOWN_COMMAND'],
    ['a command name that is not a string', 42, {}, 'UNKNOWN_COMMAND'],
    ['a prototype property as command', '__proto__', {}, 'UNKNOWN_COMMAND'],
    ['a missing argument', 'setMuted', {}, 'BAD_ARGUMENT'],
    ['a wrongly typed argument', 'setMuted', { muted: 'yes' }, 'BAD_ARGUMENT'],
    ['an unexpected argument', 'getProfile', { admin: true }, 'BAD_ARGUMENT'],
    ['arguments that are not an object', 'setDisplayName', 'Alice', 'BAD_ARGUMENT'],
    ['an empty display name', 'setDisplayName', { displayName: '' }, 'BAD_ARGUMENT'],
  ];
  for (const [what, command, args, code] of badCalls) {
    test(`answers ${what} with ${code}, not an exception`, async () => {
      const result = await new ApiService(handlers()).dispatch(command, args);
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.error.code, code);
      assert.ok(!result.ok && result.error.message.length > 0);
    });
  }

  test('turns a fault in a handler into INTERNAL and reports it to the log', async () => {
    const faults: string[] = [];
    const api = new ApiService(
      handlers({ getProfile: () => { throw new Error('disk on fire'); } }),
      (command) => faults.push(command),
    );
    const result = await api.dispatch('getProfile', {});
    assert.deepEqual(result, { ok: false, error: { code: 'INTERNAL', message: 'the core failed to do this; see its log for details' } });
    assert.deepEqual(faults, ['getProfile']);
  });

  test('passes a ParleyError meant for the UI through with its code', async () => {
    const api = new ApiService(handlers({ getProfile: () => { throw new ParleyError('PROFILE_UNWRITABLE', 'the disk is full', { apiCode: 'UNAVAILABLE' }); } }));
    assert.deepEqual(await api.dispatch('getProfile', {}), { ok: false, error: { code: 'UNAVAILABLE', message: 'the disk is full' } });
  });

  test('delivers events to subscribers until they unsubscribe', () => {
    const api = new ApiService(handlers());
    const seen: unknown[] = [];
    const off = api.onEvent((name, payload) => seen.push([name, payload]));
    api.emit('muteChanged', { muted: true });
    off();
    api.emit('muteChanged', { muted: false });
    assert.deepEqual(seen, [['muteChanged', { muted: true }]]);
  });
});
