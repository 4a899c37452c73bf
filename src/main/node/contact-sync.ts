import { join } from 'node:path';
import { z } from 'zod';
import type { Contact } from '../../shared/api-contract.js';
import type { Clock, TimerHandle } from '../clock.js';
import type { ContactListPublishErrorCode, ContactListReadErrorCode, ContactListStore, StoredContactList } from '../p2p/contact-list-store.js';
import { jitteredDelay } from '../p2p/registration.js';
import { readJsonFile, writeJsonFileAtomic } from '../profile/json-file.js';
import { TypedEmitter } from '../typed-emitter.js';
import { changedSince, contactListDigest, mergeContactLists, type MergeDecision, type SyncPoint } from './contact-merge.js';
import type { NodeContacts } from './node-contacts.js';

/** Where this device and the backup last agreed (SyncPoint); absent on a device that never synced. */
export const CONTACT_SYNC_FILE = 'contact-sync.json';

const ContactSyncFileSchema = z.object({
  format: z.literal('parley-contact-sync'),
  version: z.literal(1),
  savedAt: z.number().int().positive(),
  digest: z.string().regex(/^[0-9a-f]{64}$/),
  /** The records of that snapshot, base64 (verified again on every read), to store again if the DHT lost them. */
  records: z.array(z.string().max(2048)).min(1).max(64).optional(),
});

/** The sync point and the records of the snapshot agreed on (null when the file had none that verify). */
interface Agreement {
  readonly point: SyncPoint;
  readonly stored: StoredContactList | null;
}

export interface ContactSyncTiming {
  /** A burst of edits (adding five buddies) becomes one publish. */
  readonly publishDelayMs: number;
  readonly refreshMinMs: number;
  readonly refreshMaxMs: number;
  /** Backoff after a failed round: doubles from min to max. */
  readonly retryMinMs: number;
  readonly retryMaxMs: number;
}

/**
 * Records live 48 hours on the DHT nodes; stored again every 11–13 hours while a device runs,
 * the backup survives a device that runs a few hours a day and a weekend with every device off.
 */
export const CONTACT_SYNC_TIMING: ContactSyncTiming = {
  publishDelayMs: 2_000,
  refreshMinMs: 11 * 3_600_000,
  refreshMaxMs: 13 * 3_600_000,
  retryMinMs: 15_000,
  retryMaxMs: 30 * 60_000,
};

/** Why a round failed: the store's codes, or a fault here (the profile folder unwritable). */
export type ContactSyncErrorCode = ContactListReadErrorCode | ContactListPublishErrorCode | 'CONTACT_SYNC_FAULT';

export type ContactSyncEvents = {
  /** A round ended well: what it did, and the snapshot both sides now hold (null: nothing to back up). */
  synced: { outcome: MergeDecision['outcome']; savedAt: number | null; contacts: number };
  /** A round failed; `retryInMs` null when only a new local change or the next refresh tries again. */
  syncFailed: { code: ContactSyncErrorCode; reason: string; retryInMs: number | null };
};

export interface ContactSyncOptions {
  readonly store: ContactListStore;
  readonly contacts: NodeContacts;
  /** The profile folder, where the sync point is kept. */
  readonly dataDir: string;
  readonly clock: Clock;
  /** Milliseconds since the epoch: snapshots are dated in wall time, so devices can compare them. */
  readonly wallClock?: () => number;
  readonly random?: () => number;
  readonly timing?: Partial<ContactSyncTiming>;
  readonly log?: (line: string) => void;
}

/** Read failures that a moment later may be gone: a publish of another device under way. */
const PASSING_READ_FAILURES = new Set<ContactSyncErrorCode>(['CONTACT_LIST_DHT_FAILED', 'CONTACT_LIST_CHUNK_MISSING', 'CONTACT_LIST_CHUNK_MISMATCH', 'CONTACT_LIST_SEQ_MISMATCH']);
/** Lists that cannot be published as they are: retrying will not help until the list changes. */
const UNPUBLISHABLE = new Set<ContactSyncErrorCode>(['CONTACT_LIST_TOO_MANY', 'CONTACT_LIST_TOO_LARGE', 'CONTACT_LIST_FIELD_OUT_OF_RANGE']);

/**
 * Keeps the contact list and its backup in the DHT in step while the node runs: a round reads
 * the backup, merges it into the local list (mergeContactLists), publishes what the backup lacks
 * and otherwise stores the backup's records again to keep them alive. A round runs at start, a
 * moment after each local change, and every 11–13 hours. Nothing here is shown to the user as
 * an error: a failure is logged and retried with backoff, and a backup that cannot be read
 * never replaces the local list.
 */
export class ContactSync extends TypedEmitter<ContactSyncEvents> {
  readonly #store: ContactListStore;
  readonly #contacts: NodeContacts;
  readonly #path: string;
  readonly #clock: Clock;
  readonly #wallClock: () => number;
  readonly #random: () => number;
  readonly #timing: ContactSyncTiming;
  readonly #log: (line: string) => void;
  /** Undefined until read from the file; null on a device that never synced. */
  #agreement: Agreement | null | undefined;
  #timer: TimerHandle | null = null;
  #round: Promise<void> | null = null;
  /** When the round under way wants the next one (refresh or retry). */
  #next: number | null = null;
  /** The event the round under way ends with, emitted once the next round is scheduled. */
  #outcome: (() => void) | null = null;
  /** A local change arrived during the round: publish it a moment after. */
  #again = false;
  #failures = 0;
  #running = false;
  #offLocal: (() => void) | undefined;

  constructor(options: ContactSyncOptions) {
    super();
    this.#store = options.store;
    this.#contacts = options.contacts;
    this.#path = join(options.dataDir, CONTACT_SYNC_FILE);
    this.#clock = options.clock;
    this.#wallClock = options.wallClock ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.#timing = { ...CONTACT_SYNC_TIMING, ...options.timing };
    this.#log = options.log ?? (() => undefined);
  }

  /** Syncs now, then after each local change and on the refresh schedule. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#offLocal = this.#contacts.onChangedLocally(() => {
      if (this.#round) this.#again = true;
      else this.#setTimer(this.#timing.publishDelayMs);
    });
    void this.syncNow();
  }

  stop(): void {
    this.#running = false;
    this.#offLocal?.();
    this.#timer?.cancel();
    this.#timer = null;
  }

  /** Runs a round now, or right after the one under way; resolves when it ended. */
  syncNow(): Promise<void> {
    if (this.#round) return this.#round.then(() => this.syncNow());
    this.#timer?.cancel();
    this.#timer = null;
    this.#next = null;
    this.#outcome = null;
    this.#round = this.#runRound().finally(() => {
      this.#round = null;
      const delay = this.#again ? this.#timing.publishDelayMs : this.#next;
      this.#again = false;
      if (delay !== null) this.#setTimer(delay);
      this.#outcome?.();
    });
    return this.#round;
  }

  #setTimer(ms: number): void {
    if (!this.#running) return;
    this.#timer?.cancel();
    this.#timer = this.#clock.setTimer(ms, () => void this.syncNow());
  }

  async #runRound(): Promise<void> {
    try {
      await this.#syncRound();
    } catch (error) {
      // A fault (the profile folder unwritable): logged and retried like a network failure.
      this.#failed('CONTACT_SYNC_FAULT', (error as Error).message, true);
    }
  }

  async #syncRound(): Promise<void> {
    const agreed = await this.#loadAgreement();
    const sync = agreed?.point ?? null;
    const read = await this.#store.read();
    if (!this.#running) return;
    let remote: StoredContactList | null = null;
    let refreshed = false;
    if (read.ok) remote = read.list;
    else if (read.error.code === 'CONTACT_LIST_NOT_FOUND') {
      if (agreed?.stored) {
        // The DHT lost the backup, or this read missed it. Storing the snapshot we agreed on again,
        // at its own seq, is safe either way: nodes that hold a newer one refuse it, and the
        // confirmation reports that newer one instead of a new publish overwriting it.
        const kept = await this.#store.republish(agreed.stored);
        if (!this.#running) return;
        if (!kept.ok) {
          this.#failed(kept.error.code, kept.error.reason, true);
          return;
        }
        [remote, refreshed] = [agreed.stored, true];
      }
    } else {
      const { code, reason, storedSeq } = read.error;
      // A copy this Parley cannot read is never merged. A change made here replaces it, unless
      // a newer Parley wrote it; otherwise it is left to expire (nobody can keep it alive).
      if (code !== 'CONTACT_LIST_UNSUPPORTED_VERSION' && code !== 'CONTACT_LIST_DHT_FAILED' && changedSince(this.#contacts.list(), sync)) {
        this.#log(`parley: the contact list backup cannot be read (${code}: ${reason}); replacing it with this device's list`);
        await this.#publish(this.#contacts.list(), Math.max((storedSeq ?? 0) + 1, (sync?.savedAt ?? 0) + 1), 'local-newer');
        return;
      }
      this.#failed(code, reason, PASSING_READ_FAILURES.has(code));
      return;
    }
    let decision: MergeDecision = { next: 'unchanged', publish: false, outcome: 'in-step' };
    const list = await this.#contacts.change((current) => (decision = mergeContactLists(current, remote?.snapshot ?? null, sync)).next, 'restored');
    if (!this.#running) return;
    if (decision.publish) {
      await this.#publish(list, Math.max((remote?.snapshot.savedAt ?? 0) + 1, (sync?.savedAt ?? 0) + 1), decision.outcome);
      return;
    }
    if (!remote) {
      // Nothing here and nothing found: a device given the identity while offline keeps looking
      // (one get, backing off to every 30 min) instead of waiting half a day for its contacts.
      this.#succeeded(decision.outcome, null, 0, { keepLooking: true });
      return;
    }
    // The local list now holds what the backup holds: that is the new sync point.
    await this.#saveAgreement({ savedAt: remote.snapshot.savedAt, digest: contactListDigest(list) }, remote);
    const kept = refreshed ? { ok: true as const } : await this.#store.republish(remote);
    if (!this.#running) return;
    if (!kept.ok) this.#failed(kept.error.code, kept.error.reason, true);
    else this.#succeeded(decision.outcome, remote.snapshot.savedAt, list.length);
  }

  async #publish(list: Contact[], minSavedAt: number, outcome: MergeDecision['outcome']): Promise<void> {
    const savedAt = Math.max(this.#wallClock(), minSavedAt);
    const published = await this.#store.publish({ savedAt, contacts: list });
    if (!this.#running) return;
    if (published.ok) {
      await this.#saveAgreement({ savedAt, digest: contactListDigest(list) }, published.list);
      this.#succeeded(outcome, savedAt, list.length);
    } else if (published.error.code === 'CONTACT_LIST_SEQ_CONFLICT') {
      // Another device of the identity published meanwhile: read its snapshot and merge again.
      this.#failed(published.error.code, published.error.reason, true);
    } else {
      this.#failed(published.error.code, published.error.reason, !UNPUBLISHABLE.has(published.error.code));
    }
  }

  #succeeded(outcome: MergeDecision['outcome'], savedAt: number | null, contacts: number, options: { keepLooking?: boolean } = {}): void {
    if (options.keepLooking) this.#next = this.#backoff();
    else {
      this.#failures = 0;
      this.#next = jitteredDelay(this.#timing.refreshMinMs, this.#timing.refreshMaxMs, this.#random);
    }
    this.#outcome = () => this.emit('synced', { outcome, savedAt, contacts });
  }

  #failed(code: ContactSyncErrorCode, reason: string, retry: boolean): void {
    let retryInMs: number | null = null;
    if (retry) {
      retryInMs = this.#backoff();
      this.#next = retryInMs;
    } else {
      this.#next = jitteredDelay(this.#timing.refreshMinMs, this.#timing.refreshMaxMs, this.#random);
    }
    this.#log(`parley: backing up the contact list failed (${code}): ${reason}${retryInMs === null ? '' : `; retrying in ${Math.round(retryInMs / 1000)} s`}`);
    this.#outcome = () => this.emit('syncFailed', { code, reason, retryInMs });
  }

  /** 15 s doubling to 30 min, each drawn from the upper half of its step. */
  #backoff(): number {
    const ceiling = Math.min(this.#timing.retryMaxMs, this.#timing.retryMinMs * 2 ** this.#failures);
    this.#failures++;
    return jitteredDelay(ceiling / 2, ceiling, this.#random);
  }

  async #loadAgreement(): Promise<Agreement | null> {
    if (this.#agreement !== undefined) return this.#agreement;
    const read = await readJsonFile(this.#path, ContactSyncFileSchema);
    if (read.status !== 'ok') {
      // A damaged file counts as never synced: the merge is then a union, which loses nothing.
      this.#agreement = null;
      return null;
    }
    const { savedAt, digest, records } = read.value;
    const verified = records ? this.#store.verify(records.map((record) => Buffer.from(record, 'base64'))) : undefined;
    const stored = verified?.ok && verified.list.snapshot.savedAt === savedAt ? verified.list : null;
    this.#agreement = { point: { savedAt, digest }, stored };
    return this.#agreement;
  }

  async #saveAgreement(point: SyncPoint, stored: StoredContactList): Promise<void> {
    this.#agreement = { point, stored };
    const records = stored.records.map((record) => record.toString('base64'));
    await writeJsonFileAtomic(this.#path, { format: 'parley-contact-sync', version: 1, ...point, records });
  }
}
