import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as MergeButtonModule from '../../src/renderer/components/merge-into-conference-button.js';
import type * as InAppModule from './merge-button-in-app.js';
import { BOB } from './call-fixtures.js';
import { idleConferenceCommands, ROOM } from './conference-fixtures.js';
import { byTestId, hasTestId, importRenderer, isPressable, renderMarkup } from './render-markup.js';

const { MergeIntoConferenceButton } = await importRenderer<typeof MergeButtonModule>('../../src/renderer/components/merge-into-conference-button.js');
const { MergeButtonInApp } = await importRenderer<typeof InAppModule>('./merge-button-in-app.js');

const InApp = (props: { remoteUri: string; established: boolean }) => MergeButtonInApp({ commands: idleConferenceCommands, callId: 'call-1', ...props });

test('an established 1:1 call can be made a conference', () => {
  const html = renderMarkup(InApp, { remoteUri: BOB, established: true });
  const merge = byTestId(html, 'call-merge');
  assert.equal(merge.text, 'Make it a conference');
  assert.equal(merge.attributes['class'], 'button call-control', 'it looks like the call controls beside it');
  assert.equal(isPressable(merge), true);
});

test('a call not yet answered cannot, and a call to a conference is one already', () => {
  assert.equal(isPressable(byTestId(renderMarkup(InApp, { remoteUri: BOB, established: false }), 'call-merge')), false);
  assert.equal(hasTestId(renderMarkup(InApp, { remoteUri: ROOM, established: true }), 'call-merge'), false);
});

test('outside the app (no conference commands) the button is not there', () => {
  assert.equal(renderMarkup(MergeIntoConferenceButton, { callId: 'call-1', remoteUri: BOB, established: true }), '');
});
