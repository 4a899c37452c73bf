import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanDisplayName, formatInviteLink, INVITE_TEXT_MAX_LENGTH, looksLikeInviteLink, parseInvite, type InviteErrorCode } from '../../src/renderer/view/invite-link.js';
import { BOB } from './call-fixtures.js';

test('an invite link carries the address and the name, percent-encoded', () => {
  assert.equal(
    formatInviteLink({ uri: BOB, displayName: 'Bob Smith & Co' }),
    `parley://invite?uri=${encodeURIComponent(BOB)}&name=Bob%20Smith%20%26%20Co`,
  );
  assert.equal(formatInviteLink({ uri: 'sip:+4930123@example.org', displayName: '' }), 'parley://invite?uri=sip%3A%2B4930123%40example.org', 'no name, no name field');
});

test('an invite link reads back to what went in, whatever the name holds', () => {
  const invites = [
    { uri: BOB, displayName: 'Bob' },
    { uri: 'sip:+4930123@example.org;transport=tcp', displayName: 'Zoë = Ω & 東京 🎉' },
    { uri: 'sips:alice@example.org', displayName: '' },
    { uri: 'sip:bob@example.org?subject=hi%20there', displayName: '100% "quoted"' },
  ];
  for (const invite of invites) {
    assert.deepEqual(parseInvite(formatInviteLink(invite)), { ok: true, invite, source: 'invite-link' }, invite.displayName);
  }
});

test('a plain SIP address, or one with a name as phones copy it, is taken too', () => {
  assert.deepEqual(parseInvite(`  ${BOB}\n`), { ok: true, invite: { uri: BOB, displayName: '' }, source: 'sip-uri' });
  assert.deepEqual(parseInvite('"Bob \\"B\\" Smith" <sip:bob@example.org>'), { ok: true, invite: { uri: 'sip:bob@example.org', displayName: 'Bob "B" Smith' }, source: 'name-addr' });
  assert.deepEqual(parseInvite('Carol <sips:carol@example.org>'), { ok: true, invite: { uri: 'sips:carol@example.org', displayName: 'Carol' }, source: 'name-addr' });
  assert.deepEqual(parseInvite('<sip:dave@example.org>'), { ok: true, invite: { uri: 'sip:dave@example.org', displayName: '' }, source: 'name-addr' });
});

test('the scheme and the host of an invite link are read in any case; unknown fields are left for later versions', () => {
  const parsed = parseInvite(`PARLEY://Invite?v=2&uri=${encodeURIComponent(BOB)}&device=abc&name=Bob&`);
  assert.deepEqual(parsed, { ok: true, invite: { uri: BOB, displayName: 'Bob' }, source: 'invite-link' });
});

test('a name is cleaned: no control characters, no direction overrides, one space at a time, at most 64 characters', () => {
  assert.equal(cleanDisplayName('  Bob\u0000\u0007 \t\n  Smith\u007f\u0085 '), 'Bob Smith');
  assert.equal(cleanDisplayName('\u202eevil\u202c Bob\u2066'), 'evil Bob');
  assert.equal(cleanDisplayName('family 👨‍👩‍👧'), 'family 👨‍👩‍👧', 'joiners inside emoji are kept');
  assert.equal(Array.from(cleanDisplayName('é'.repeat(100))).length, 64);
  assert.equal(cleanDisplayName('🎉'.repeat(70)), '🎉'.repeat(64), 'cut between characters, never inside one');
  const parsed = parseInvite(`parley://invite?uri=${encodeURIComponent(BOB)}&name=${encodeURIComponent('Bob\r\nSmith\u0000')}`);
  assert.deepEqual(parsed.ok && parsed.invite, { uri: BOB, displayName: 'Bob Smith' });
});

test('what is not an invite or a SIP address is refused with a sentence and a stable code', () => {
  const uri = encodeURIComponent(BOB);
  const table: Array<[text: string, code: InviteErrorCode, message: RegExp]> = [
    ['', 'EMPTY', /Paste an invite link or a SIP address/],
    ['   ', 'EMPTY', /Paste/],
    ['bob@example.org', 'NOT_AN_INVITE', /Not an invite link or a SIP address/],
    ['https://example.org/invite?uri=sip:bob@example.org', 'NOT_AN_INVITE', /parley:\/\/invite or sip:/],
    ['tel:+4930123', 'NOT_AN_INVITE', /Not an invite/],
    ['sip:bob smith@example.org', 'BAD_URI', /no spaces/],
    ['parley://call?uri=sip:bob@example.org', 'MALFORMED', /not an invite/],
    ['parley:invite?uri=sip:bob@example.org', 'MALFORMED', /not an invite/],
    ['parley://invite?name=Bob', 'MALFORMED', /no address/],
    ['parley://invite?uri=', 'MALFORMED', /no address/],
    [`parley://invite?uri=${uri}&uri=${encodeURIComponent('sip:mallory@example.org')}`, 'MALFORMED', /two uri fields/],
    [`parley://invite?uri=${uri}&name=A&name=B`, 'MALFORMED', /two name fields/],
    [`parley://invite?uri=${uri}&name=%E0%A4%A`, 'MALFORMED', /wrongly encoded/],
    [`parley://invite?uri=${uri}#fragment`, 'MALFORMED', /#/],
    [`parley://invite?=x&uri=${uri}`, 'MALFORMED', /no name/],
    ['parley://invite?uri=https%3A%2F%2Fexample.org', 'BAD_URI', /starts with sip: or sips:/],
    [`parley://invite?uri=${encodeURIComponent('sip:bob@example.org\r\nX: y')}`, 'BAD_URI', /not usable/],
    [`parley://invite?uri=${encodeURIComponent(`sip:${'a'.repeat(1100)}@example.org`)}`, 'BAD_URI', /at most 1024/],
    [`sip:${'a'.repeat(INVITE_TEXT_MAX_LENGTH)}@example.org`, 'TOO_LONG', /too long/],
  ];
  for (const [text, code, message] of table) {
    const parsed = parseInvite(text);
    assert.equal(parsed.ok, false, text);
    if (parsed.ok) continue;
    assert.equal(parsed.error.code, code, text);
    assert.match(parsed.error.message, message, text);
  }
});

test('a plus in an invite link is a plus, never a space', () => {
  const parsed = parseInvite('parley://invite?uri=sip:+4930123@example.org&name=A+B');
  assert.deepEqual(parsed, { ok: true, invite: { uri: 'sip:+4930123@example.org', displayName: 'A+B' }, source: 'invite-link' });
});

test('text starting with parley: is meant as an invite link, valid or not', () => {
  assert.equal(looksLikeInviteLink(' Parley://invite?'), true);
  assert.equal(looksLikeInviteLink('parley:'), true);
  assert.equal(looksLikeInviteLink(BOB), false);
});
