import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as CallPanelModule from '../../src/renderer/components/call-panel.js';
import type * as DtmfKeypadModule from '../../src/renderer/components/dtmf-keypad.js';
import { BOB, CAROL, callEntry, callView, establishedCall, idleCommands, statistics } from './call-fixtures.js';
import { button, buttons, byTestId, findAll, importRenderer, isPressable, renderMarkup } from './render-markup.js';

const { CallPanel } = await importRenderer<typeof CallPanelModule>('../../src/renderer/components/call-panel.js');
const { DtmfKeypad } = await importRenderer<typeof DtmfKeypadModule>('../../src/renderer/components/dtmf-keypad.js');

const render = (entry = callEntry(establishedCall()), now = 67_000) => renderMarkup(CallPanel, { entry, now, commands: idleCommands });

test('an outgoing call being placed says Calling…, has no time yet, and can only be hung up or muted', () => {
  const html = render(callEntry(callView()));
  assert.equal(byTestId(html, 'call-state').text, 'Calling…');
  assert.equal(byTestId(html, 'call-timer').text, '–:––');
  assert.equal(byTestId(html, 'call-remote-uri').text, BOB);
  assert.equal(isPressable(button(html, 'Hang up')), true);
  assert.equal(isPressable(button(html, 'Mute')), true);
  assert.equal(isPressable(button(html, 'Hold')), false);
  assert.equal(isPressable(button(html, 'Keypad')), false);
  assert.equal(isPressable(button(html, 'Transfer')), false, 'only an established call can be transferred');
});

test('an established call shows its time since it was established, its codec, and every control', () => {
  const html = render(callEntry(establishedCall({ establishedAt: 2_000 })), 67_000);
  assert.equal(byTestId(html, 'call-state').text, 'In call');
  const timer = byTestId(html, 'call-timer');
  assert.equal(timer.text, '1:05');
  assert.equal(timer.attributes['role'], 'timer');
  assert.equal(timer.attributes['aria-label'], 'In call for 1 minute 5 seconds');
  assert.match(html, /opus\/48000/);
  for (const name of ['Mute', 'Hold', 'Keypad', 'Transfer', 'Hang up']) assert.equal(isPressable(button(html, name)), true, name);
  assert.equal(button(html, 'Transfer').attributes['aria-expanded'], 'false');
  assert.equal(button(html, 'Mute').attributes['aria-pressed'], 'false');
  assert.equal(button(html, 'Keypad').attributes['aria-expanded'], 'false');
});

test('the heading names the other party for screen readers, and says which kind of address it is', () => {
  const [heading] = findAll(render(), (tag) => tag === 'h3');
  assert.equal(heading?.text, `Call to ${BOB} Parley`);
  const [incoming] = findAll(render(callEntry(establishedCall({ direction: 'incoming', remoteUri: 'sip:carol@192.0.2.7' }))), (tag) => tag === 'h3');
  assert.equal(incoming?.text, 'Call from sip:carol@192.0.2.7 SIP');
});

test('a call we hold offers Resume; one held by the other party says so', () => {
  const held = render(callEntry(establishedCall({ localHold: true })));
  assert.equal(byTestId(held, 'call-state').text, 'On hold');
  assert.equal(isPressable(button(held, 'Resume')), true);
  assert.equal(buttons(held).some((found) => found.text === 'Hold'), false);
  const heldThere = render(callEntry(establishedCall({ remoteHold: true })));
  assert.equal(byTestId(heldThere, 'call-state').text, 'Held by the other party');
  assert.equal(isPressable(button(heldThere, 'Hold')), true);
});

test('a request on its way keeps its button in place, busy and not pressable, with a spinner instead of the icon', () => {
  const html = render(callEntry(establishedCall(), { pending: ['hold', 'hangUp'] }));
  for (const name of ['Hold', 'Hang up']) {
    const busy = button(html, name);
    assert.equal(busy.attributes['aria-busy'], 'true', name);
    assert.equal(busy.attributes['aria-disabled'], 'true', name);
    assert.equal('disabled' in busy.attributes, false, `${name} keeps the keyboard focus`);
    assert.match(busy.inner, /class="spinner"/, name);
  }
  assert.equal(isPressable(button(html, 'Mute')), true);
});

test('a muted call shows Mute pressed and the microphone meter dimmed', () => {
  const html = render(callEntry(establishedCall({ muted: true })));
  assert.equal(button(html, 'Mute').attributes['aria-pressed'], 'true');
  assert.match(html, /class="level-meter is-muted"/);
});

test('the meters read the last levels as values a screen reader can speak', () => {
  const levels = { input: { rmsDbfs: -23.4, peakDbfs: -6 }, output: { rmsDbfs: Number.NEGATIVE_INFINITY, peakDbfs: -100 }, muted: false };
  const html = render(callEntry(establishedCall(), { levels }));
  const meters = findAll(html, (_, attributes) => attributes['role'] === 'meter');
  assert.deepEqual(
    meters.map((meter) => [meter.attributes['aria-label'], meter.attributes['aria-valuenow'], meter.attributes['aria-valuetext']]),
    [
      ['Microphone level', '-23', '−23 dBFS'],
      ['Speaker level', '-60', 'silent'],
    ],
  );
});

test('the quality badge grades the call and carries the figures as its description', () => {
  const html = render(callEntry(establishedCall(), { statistics: statistics({ mos: 3.7 }) }));
  const badge = byTestId(html, 'call-quality');
  assert.equal(badge.attributes['data-grade'], 'fair');
  assert.equal(badge.attributes['tabindex'], '0', 'keyboard users can reach the figures');
  const [details] = findAll(html, (_, attributes) => attributes['role'] === 'tooltip');
  assert.equal(badge.attributes['aria-describedby'], details?.attributes['id']);
  assert.match(details?.text ?? '', /^MOS 3\.70 \(good ≥ 4\.0, fair ≥ 3\.6\) · loss 1\.0 %/);
  assert.equal(byTestId(render(), 'call-quality').attributes['data-grade'], 'pending');
});

test('digits sent and received are shown, and a send on its way says so', () => {
  const html = render(callEntry(establishedCall(), { sentDigits: '12', receivedDigits: '5#', pending: ['dtmf'] }));
  assert.equal(byTestId(html, 'dtmf-sent').text, '12 sending…');
  assert.equal(byTestId(html, 'dtmf-received').text, '5#');
  assert.equal(byTestId(html, 'dtmf-received').attributes['aria-live'], 'polite');
});

test('a failed request and a lost device are told as sentences', () => {
  const html = render(
    callEntry(establishedCall(), {
      error: 'Could not hold: The call is not established.',
      deviceReplacements: [{ direction: 'input', from: 'USB mic', to: null, reason: 'unplugged' }],
    }),
  );
  const error = byTestId(html, 'call-error');
  assert.equal(error.text, 'Could not hold: The call is not established.');
  assert.equal(error.attributes['role'], 'alert');
  assert.match(html, /Microphone “USB mic” is unavailable \(unplugged\); the call goes on in silence\./);
  assert.equal(byTestId(render(), 'call-error').text, '', 'the line is there, empty, so an error does not move the panel');
});

test('the keypad has the twelve telephone keys, with spoken names for * and #, and can be disabled', () => {
  const html = renderMarkup(DtmfKeypad, { id: 'k', disabled: false, onPress: () => {} });
  const keys = buttons(html);
  assert.deepEqual(
    keys.map((key) => key.text),
    ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'],
  );
  assert.equal(button(html, 'Star').text, '*');
  assert.equal(button(html, 'Pound').text, '#');
  assert.ok(keys.every(isPressable));
  assert.ok(buttons(renderMarkup(DtmfKeypad, { id: 'k', disabled: true, onPress: () => {} })).every((key) => !isPressable(key)));
});

const carolBuddy = { uri: CAROL, displayName: 'Carol', addedAt: '2024-01-01T00:00:00.000Z' };

test('the party is named above the address: a buddy plainly, a claimed name in quotes', () => {
  const buddy = renderMarkup(CallPanel, { entry: callEntry(establishedCall({ remoteUri: CAROL })), now: 0, commands: idleCommands, contacts: [carolBuddy] });
  assert.equal(byTestId(buddy, 'call-party-name').text, 'Carol');
  assert.equal(findAll(buddy, (tag) => tag === 'h3')[0]?.text, 'Call to Carol SIP');
  const claimed = renderMarkup(CallPanel, { entry: callEntry(establishedCall({ remoteDisplayName: 'Bobby' })), now: 0, commands: idleCommands, contacts: [] });
  assert.equal(byTestId(claimed, 'call-party-name').text, '“Bobby”');
  assert.equal(byTestId(claimed, 'call-remote-uri').text, BOB);
});

test('a transfer on its way shows Transferring… with the target, and Transfer waits', () => {
  const entry = callEntry(establishedCall(), { transfer: { phase: 'asking', target: CAROL } });
  const html = renderMarkup(CallPanel, { entry, now: 0, commands: idleCommands, contacts: [carolBuddy] });
  const status = byTestId(html, 'call-transfer-status');
  assert.equal(status.attributes['role'], 'status');
  assert.equal(status.text, 'Transferring to Carol…');
  const transfer = button(html, 'Transfer');
  assert.equal(transfer.attributes['aria-busy'], 'true');
  assert.equal(isPressable(transfer), false);
});

test('a transfer the other party took says the call ends once the target is connected', () => {
  const entry = callEntry(establishedCall({ remoteDisplayName: 'Bob' }), { transfer: { phase: 'accepted', target: 'sip:dave@example.org' } });
  const html = renderMarkup(CallPanel, { entry, now: 0, commands: idleCommands });
  assert.equal(byTestId(html, 'call-transfer-status').text, 'Transferring… Bob is calling sip:dave@example.org; this call ends when they are connected.');
  assert.equal(isPressable(button(html, 'Transfer')), true, 'another transfer can be tried if this one goes nowhere');
});
