import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateBranch, MAGIC_COOKIE } from '../../../../src/main/sip/transaction/generate-branch.js';

test('a branch starts with the magic cookie z9hG4bK (§8.1.1.7)', () => {
  assert.equal(MAGIC_COOKIE, 'z9hG4bK');
  assert.match(generateBranch(), /^z9hG4bK[0-9a-f]{32}$/);
});

test('branches are unique across many requests, also under case-insensitive comparison', () => {
  const branches = new Set(Array.from({ length: 10_000 }, () => generateBranch().toLowerCase()));
  assert.equal(branches.size, 10_000);
});

test('the random source is injected, 128 bits of it', () => {
  const sizes: number[] = [];
  const branch = generateBranch((size) => {
    sizes.push(size);
    return new Uint8Array(size).fill(0xab);
  });
  assert.deepEqual(sizes, [16]);
  assert.equal(branch, `z9hG4bK${'ab'.repeat(16)}`);
});
