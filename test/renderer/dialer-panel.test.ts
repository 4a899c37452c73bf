import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as DialerPanelModule from '../../src/renderer/components/dialer-panel.js';
import type { DialState } from '../../src/renderer/state/app-state.js';
import { BOB } from './call-fixtures.js';
import { button, byTestId, importRenderer, isPressable, renderMarkup } from './render-markup.js';

const { DialerPanel } = await importRenderer<typeof DialerPanelModule>('../../src/renderer/components/dialer-panel.js');

const idle: DialState = { uri: '', linkUri: null, requestCount: 0, placing: false, placeError: null };
const render = (dial: Partial<DialState>) => renderMarkup(DialerPanel, { dial: { ...idle, ...dial }, onAddressChange: () => {}, onPlaceCall: () => {} });

test('with nothing to call, Call cannot be pressed', () => {
  const html = render({});
  assert.equal('disabled' in button(html, 'Call').attributes, true);
  assert.equal(byTestId(html, 'dial-message').text, '');
});

test('a SIP URI can be called', () => {
  const html = render({ uri: BOB });
  assert.equal(isPressable(button(html, 'Call')), true);
  assert.equal(byTestId(html, 'dial-address').attributes['aria-invalid'], 'false');
});

test('anything else says what is wrong with it, beside the field', () => {
  const html = render({ uri: 'bob@example.org' });
  assert.equal(byTestId(html, 'dial-message').text, 'A SIP URI starts with sip: or sips: and has no spaces.');
  assert.equal(byTestId(html, 'dial-message').attributes['class'], 'field-error');
  assert.equal(byTestId(html, 'dial-address').attributes['aria-invalid'], 'true');
});

test('while the call is placed, Call is busy and says Calling…, keeping the focus', () => {
  const html = render({ uri: BOB, placing: true });
  const call = button(html, 'Calling…');
  assert.equal(call.attributes['aria-busy'], 'true');
  assert.equal(call.attributes['aria-disabled'], 'true');
  assert.equal('disabled' in call.attributes, false);
});

test('a refusal from the core is announced beside the field', () => {
  const html = render({ uri: BOB, placeError: 'Could not call: This node makes no P2P calls.' });
  const message = byTestId(html, 'dial-message');
  assert.equal(message.text, 'Could not call: This node makes no P2P calls.');
  assert.equal(message.attributes['role'], 'alert');
});

test('an address opened from a sip: link says where it came from', () => {
  assert.equal(byTestId(render({ uri: BOB, linkUri: BOB, requestCount: 1 }), 'dial-message').text, 'Opened from a sip: link.');
});

test('during a call, the dialer says that calling puts it on hold: calling is still allowed', () => {
  const html = renderMarkup(DialerPanel, { dial: { ...idle, uri: BOB }, onAddressChange: () => {}, onPlaceCall: () => {}, activeCallLabel: 'Carol' });
  assert.equal(byTestId(html, 'dial-message').text, 'Calling puts the call with Carol on hold.');
  assert.equal(isPressable(button(html, 'Call')), true);
});
