import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findSipLink, parseSipLink } from '../../../src/main/electron/sip-link.js';

const twoKilobytes = `sip:${'a'.repeat(2048)}@example.com`;

const argvCases: Array<{ name: string; argv: string[]; expected: string | undefined }> = [
  { name: 'a packaged start without a link', argv: ['/opt/Parley/parley'], expected: undefined },
  { name: 'a development start without a link', argv: ['/usr/bin/electron', '.'], expected: undefined },
  { name: 'a Linux/Windows start from a link', argv: ['/opt/Parley/parley', 'sip:alice@example.com'], expected: 'sip:alice@example.com' },
  {
    name: 'a link after Chromium switches',
    argv: ['C:\\Parley\\Parley.exe', '--allow-file-access-from-files', 'sip:bob@example.com;transport=tcp'],
    expected: 'sip:bob@example.com;transport=tcp',
  },
  { name: 'a sips: link', argv: ['parley', 'sips:carol@example.com:5061'], expected: 'sips:carol@example.com:5061' },
  { name: 'an upper-case scheme', argv: ['parley', 'SIP:dave@example.com'], expected: 'SIP:dave@example.com' },
  { name: 'the first valid link when there are two', argv: ['parley', 'sip:', 'sip:erin@example.com', 'sip:frank@example.com'], expected: 'sip:erin@example.com' },
  { name: 'a scheme with nothing after it', argv: ['parley', 'sip:'], expected: undefined },
  { name: 'a 2 KB link', argv: ['parley', twoKilobytes], expected: undefined },
  { name: 'another scheme', argv: ['parley', 'tel:+15551234', 'https://example.com'], expected: undefined },
  { name: 'a link with a space', argv: ['parley', 'sip:alice @example.com'], expected: undefined },
  { name: 'a file path that contains sip:', argv: ['parley', '/home/me/sip:notes.txt'], expected: undefined },
  { name: 'an empty argv', argv: [], expected: undefined },
];

for (const { name, argv, expected } of argvCases) {
  test(`findSipLink finds ${expected ?? 'nothing'} in ${name}`, () => {
    assert.equal(findSipLink(argv), expected);
  });
}

const linkCases: Array<{ raw: unknown; expected: string | undefined }> = [
  { raw: 'sip:alice@example.com', expected: 'sip:alice@example.com' },
  { raw: 'sips:alice@example.com', expected: 'sips:alice@example.com' },
  { raw: 'sip://alice@example.com', expected: 'sip:alice@example.com' },
  { raw: 'sips://alice@example.com', expected: 'sips:alice@example.com' },
  { raw: '  sip:alice@example.com\n', expected: undefined },
  { raw: 'sip:alice@example.com\u0000', expected: undefined },
  { raw: 'sip:alice\u007f@example.com', expected: undefined },
  { raw: 'sip:<script>@example.com', expected: undefined },
  { raw: 'sip:"quoted"@example.com', expected: undefined },
  { raw: 'sip:', expected: undefined },
  { raw: 'sip://', expected: undefined },
  { raw: twoKilobytes, expected: undefined },
  // 1024 characters is the contract's limit: 4 + 1008 + 12.
  { raw: `sip:${'a'.repeat(1008)}@example.com`, expected: `sip:${'a'.repeat(1008)}@example.com` },
  { raw: `sip:${'a'.repeat(1009)}@example.com`, expected: undefined },
  { raw: 'mailto:alice@example.com', expected: undefined },
  { raw: 42, expected: undefined },
  { raw: undefined, expected: undefined },
];

for (const { raw, expected } of linkCases) {
  const shown = typeof raw === 'string' ? JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}… (${raw.length} chars)` : raw) : String(raw);
  test(`parseSipLink(${shown}) is ${expected === undefined ? 'refused' : 'accepted'}`, () => {
    assert.equal(parseSipLink(raw), expected);
  });
}
