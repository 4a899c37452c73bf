import { join } from 'node:path';
import { z } from 'zod';
import { generateSeed, keyPairFromSeed, type KeyPair } from '../identity/identity-key-pair.js';
import { moveAside, readJsonFile, writeJsonFileAtomic } from '../profile/json-file.js';

/**
 * The conferences this profile hosts, in `conferences.json` (mode 0600: it holds the conference
 * keys' seeds). A conference key is what its URI and record are made of, so a host that
 * restarts with the same key keeps its URI: `parley conference` hosts the latest one again, and
 * the people who were given the URI reach it as before. The host ending a conference
 * (`leaveConference`) forgets its key; closing the node does not. Only the newest few are kept.
 */
export const CONFERENCES_FILE = 'conferences.json';
export const MAX_KEPT_CONFERENCES = 16;

const EntrySchema = z.object({
  seed: z.string().regex(/^[0-9a-f]{64}$/),
  subject: z.string().max(512),
  /** Milliseconds since the epoch. */
  createdAt: z.number().int().nonnegative(),
});
const DocumentSchema = z.object({ version: z.literal(1), conferences: z.array(EntrySchema).max(256) });
type Document = z.infer<typeof DocumentSchema>;

export interface KeptConference {
  readonly keyPair: KeyPair;
  readonly subject: string;
  readonly createdAt: number;
}

export class ConferenceKeys {
  readonly #path: string;
  #entries: z.infer<typeof EntrySchema>[];

  private constructor(path: string, entries: z.infer<typeof EntrySchema>[]) {
    this.#path = path;
    this.#entries = entries;
  }

  /** Reads the file; a damaged one is moved aside (`.corrupt-<time>`) and counts as empty, as the profile does. */
  static async open(dataDir: string, log: (line: string) => void = () => undefined): Promise<ConferenceKeys> {
    const path = join(dataDir, CONFERENCES_FILE);
    const read = await readJsonFile(path, DocumentSchema);
    if (read.status === 'ok') return new ConferenceKeys(path, read.value.conferences);
    if (read.status === 'corrupt') log(`parley: ${path} could not be read (${read.reason}); moved aside as ${await moveAside(path)}`);
    return new ConferenceKeys(path, []);
  }

  /** The newest kept conference, to host again. */
  latest(): KeptConference | undefined {
    const entry = this.#entries.at(-1);
    return entry && toKept(entry);
  }

  /** A new conference key pair, saved before it is used. */
  async create(subject: string, now = Date.now()): Promise<KeptConference> {
    const entry = { seed: generateSeed().toString('hex'), subject, createdAt: now };
    this.#entries = [...this.#entries, entry].slice(-MAX_KEPT_CONFERENCES);
    await this.#save();
    return toKept(entry);
  }

  /** Forgets a conference for good (its host ended it). */
  async forget(conferenceKey: Uint8Array): Promise<void> {
    const kept = this.#entries.filter((entry) => !toKept(entry).keyPair.publicKey.equals(conferenceKey));
    if (kept.length === this.#entries.length) return;
    this.#entries = kept;
    await this.#save();
  }

  #save(): Promise<void> {
    const document: Document = { version: 1, conferences: this.#entries };
    return writeJsonFileAtomic(this.#path, document, 0o600);
  }
}

function toKept(entry: z.infer<typeof EntrySchema>): KeptConference {
  return { keyPair: keyPairFromSeed(Buffer.from(entry.seed, 'hex')), subject: entry.subject, createdAt: entry.createdAt };
}
