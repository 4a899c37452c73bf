import { mkdir } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import type { Notice } from '../../shared/api-contract.js';
import { addressOfRecord } from '../identity/address-of-record.js';
import type { KeyPair } from '../identity/identity-key-pair.js';
import { encodeZBase32 } from '../identity/z-base-32.js';
import { ParleyError } from '../parley-error.js';
import { IDENTITY_FILE, loadOrCreateIdentity } from './identity-file.js';
import { moveAside, readJsonFile, writeJsonFileAtomic } from './json-file.js';
import {
  CONTACTS_FILE,
  CallHistorySchema,
  ContactsSchema,
  HISTORY_FILE,
  SETTINGS_FILE,
  SettingsSchema,
  defaultContacts,
  defaultHistory,
  defaultSettings,
  type CallHistoryDocument,
  type Contacts,
  type Settings,
} from './profile-documents.js';

/** What opening a profile reports; the node gives each an id when it shows it. */
export type ProfileNotice = Omit<Notice, 'id'>;

/** A history longer than this drops its oldest calls: a phone's log, not an archive. */
const MAX_HISTORY_ENTRIES = 500;

/**
 * A user's profile folder: identity key pair (0600), settings and contacts (JSON, written
 * atomically). Opening it reports what it had to repair as notices; it never drops data.
 */
export class Profile {
  readonly dataDir: string;
  readonly identity: KeyPair;
  /** What opening found and did (a corrupt file moved aside, a key file's mode narrowed). */
  readonly notices: readonly ProfileNotice[];
  #settings: Settings;
  #contacts: Contacts;
  #history: CallHistoryDocument;

  private constructor(dataDir: string, identity: KeyPair, settings: Settings, contacts: Contacts, history: CallHistoryDocument, notices: ProfileNotice[]) {
    this.dataDir = dataDir;
    this.identity = identity;
    this.#settings = settings;
    this.#contacts = contacts;
    this.#history = history;
    this.notices = notices;
  }

  static async open(dataDir: string, now: Date = new Date()): Promise<Profile> {
    try {
      await mkdir(dataDir, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new ParleyError('PROFILE_UNWRITABLE', `cannot create the profile folder ${dataDir}: ${(error as Error).message}`, { cause: error });
    }
    const notices: ProfileNotice[] = [];
    const identity = await loadOrCreateIdentity(dataDir, now);
    if (identity.created) {
      notices.push({ level: 'info', code: 'PROFILE_CREATED', message: `A new identity was created in ${join(dataDir, IDENTITY_FILE)}.` });
    }
    if (identity.permissionsFixed) {
      notices.push({
        level: 'warning',
        code: 'PROFILE_KEY_PERMISSIONS_FIXED',
        message: `${join(dataDir, IDENTITY_FILE)} was readable by other users; it is now readable by you only.`,
      });
    }
    const settings = await loadDocument(dataDir, SETTINGS_FILE, SettingsSchema, () => defaultSettings(safeUserName()), notices, now);
    const contacts = await loadDocument(dataDir, CONTACTS_FILE, ContactsSchema, defaultContacts, notices, now);
    const history = await loadDocument(dataDir, HISTORY_FILE, CallHistorySchema, defaultHistory, notices, now);
    return new Profile(dataDir, identity.keyPair, settings, contacts, history, notices);
  }

  /** The self-certifying SIP address-of-record of this identity. */
  get uri(): string {
    return addressOfRecord(this.identity.publicKey);
  }

  get identityKey(): string {
    return encodeZBase32(this.identity.publicKey);
  }

  get settings(): Settings {
    return this.#settings;
  }

  get contacts(): Contacts {
    return this.#contacts;
  }

  get history(): CallHistoryDocument {
    return this.#history;
  }

  /** Replaces the call history and saves it (atomically), keeping the newest 500 entries. */
  async updateHistory(history: Omit<CallHistoryDocument, 'version'>): Promise<CallHistoryDocument> {
    const next = CallHistorySchema.parse({ version: 1, entries: history.entries.slice(0, MAX_HISTORY_ENTRIES), missedUnseen: history.missedUnseen });
    await writeJsonFileAtomic(join(this.dataDir, HISTORY_FILE), next);
    this.#history = next;
    return next;
  }

  /** Replaces the contact list and saves it (atomically: a crash leaves the old list or the new). */
  async updateContacts(contacts: Contacts['contacts']): Promise<Contacts> {
    const next = ContactsSchema.parse({ version: 1, contacts });
    await writeJsonFileAtomic(join(this.dataDir, CONTACTS_FILE), next);
    this.#contacts = next;
    return next;
  }

  /** Changes some settings and saves them; a key set to undefined goes back to its default. */
  async updateSettings(patch: { [K in keyof Omit<Settings, 'version'>]?: Settings[K] | undefined }): Promise<Settings> {
    const merged = Object.fromEntries(Object.entries({ ...this.#settings, ...patch }).filter(([, value]) => value !== undefined));
    const next = SettingsSchema.parse(merged);
    await writeJsonFileAtomic(join(this.dataDir, SETTINGS_FILE), next);
    this.#settings = next;
    return next;
  }
}

async function loadDocument<T>(
  dataDir: string,
  file: string,
  schema: z.ZodType<T>,
  makeDefault: () => T,
  notices: ProfileNotice[],
  now: Date,
): Promise<T> {
  const path = join(dataDir, file);
  const read = await readJsonFile(path, schema);
  if (read.status === 'ok') return read.value;
  if (read.status === 'corrupt') {
    const aside = await moveAside(path, now);
    notices.push({
      level: 'warning',
      code: 'PROFILE_FILE_CORRUPT',
      message: `${file} could not be read (${read.reason}); it was moved aside to ${aside} and defaults are used.`,
    });
  }
  const value = makeDefault();
  await writeJsonFileAtomic(path, value);
  return value;
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}
