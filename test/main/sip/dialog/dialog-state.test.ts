import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createUasDialog, DIALOG_MOVES, type DialogState, transitionDialog } from '../../../../src/main/sip/dialog/index.js';
import { INVITE } from './dialog-messages.js';

const STATES: readonly DialogState[] = ['early', 'confirmed', 'terminated'];
const ALLOWED = new Set(['early→confirmed', 'early→terminated', 'confirmed→terminated']);

describe('the dialog state machine (§12: early → confirmed → terminated)', () => {
  test('the table allows exactly early→confirmed, early→terminated and confirmed→terminated', () => {
    const listed = STATES.flatMap((from) => DIALOG_MOVES[from].map((to) => `${from}→${to}`));
    assert.deepEqual(new Set(listed), ALLOWED);
  });

  for (const from of STATES) {
    for (const to of STATES) {
      if (from === to) continue;
      const allowed = ALLOWED.has(`${from}→${to}`);
      test(`${from} → ${to} is ${allowed ? 'allowed' : 'refused'}`, () => {
        const created = createUasDialog(INVITE, { localTag: 't', state: 'early' });
        assert.ok(created.ok);
        const dialog = { ...created.value, state: from };
        if (allowed) assert.equal(transitionDialog(dialog, to).state, to);
        else assert.throws(() => transitionDialog(dialog, to), { code: 'DIALOG_MOVE_NOT_ALLOWED' });
      });
    }
  }
});
