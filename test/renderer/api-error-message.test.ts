import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ApiError } from '../../src/shared/api-contract.js';
import { apiErrorMessage } from '../../src/renderer/view/api-error-message.js';

test('an API error reads as a sentence, without the command and field prefixes of the core', () => {
  const table: Array<[error: ApiError, expected: string]> = [
    [
      { code: 'BAD_ARGUMENT', message: 'setDisplayName: displayName: a display name cannot be empty' },
      'A display name cannot be empty.',
    ],
    [
      { code: 'BAD_ARGUMENT', message: 'setDisplayName: displayName: a display name has at most 64 characters' },
      'A display name has at most 64 characters.',
    ],
    [
      {
        code: 'BAD_ARGUMENT',
        message: 'setDisplayName: displayName: a display name cannot be empty; extra.field: not allowed',
      },
      'A display name cannot be empty; not allowed.',
    ],
    [{ code: 'UNAVAILABLE', message: 'not connected to the Parley core' }, 'Not connected to the Parley core.'],
    [{ code: 'INTERNAL', message: 'Something broke!' }, 'Something broke!'],
    [{ code: 'INTERNAL', message: '' }, 'Internal.'],
  ];
  for (const [error, expected] of table) assert.equal(apiErrorMessage(error), expected);
});

test('only a command name counts as a prefix', () => {
  assert.equal(apiErrorMessage({ code: 'UNAVAILABLE', message: 'setMuted: no audio device' }), 'No audio device.');
  assert.equal(apiErrorMessage({ code: 'INTERNAL', message: 'ENOSPC: disk full' }), 'ENOSPC: disk full.');
});
