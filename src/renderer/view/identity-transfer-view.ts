import { PassphraseSchema } from '../../shared/api-contract.js';

/** What is wrong with the passphrase form, and which field to point at. */
export type PassphraseProblem = { field: 'passphrase' | 'confirmation'; message: string };

export const PASSPHRASES_DIFFER = 'The two passphrases are not the same.';

/**
 * Checks the passphrase and its confirmation before the core seals the identity with it: the
 * length rule is the contract's own (the core checks it again), the match is checked only here.
 */
export function checkTransferPassphrase(passphrase: string, confirmation: string): PassphraseProblem | null {
  const parsed = PassphraseSchema.safeParse(passphrase);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]?.message ?? 'the passphrase is not usable';
    return { field: 'passphrase', message: `${issue.charAt(0).toUpperCase()}${issue.slice(1)}.` };
  }
  if (confirmation !== passphrase) return { field: 'confirmation', message: PASSPHRASES_DIFFER };
  return null;
}
