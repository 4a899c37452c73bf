import { z } from 'zod';

/**
 * The JSON documents of a profile besides the identity, with their defaults. Each file is
 * validated on read; a file that fails is moved aside and the default takes its place.
 */
export const SettingsSchema = z.object({
  version: z.literal(1),
  displayName: z.string().min(1).max(64),
  /** The microphone and loudspeaker calls use, by name; absent = the system's default. */
  audioInput: z.string().min(1).max(512).optional(),
  audioOutput: z.string().min(1).max(512).optional(),
  /** The user's own status: `busy` is do not disturb (calls are turned away with 486). */
  presence: z.enum(['online', 'away', 'busy']).optional(),
  /** Privacy: only devices of contacts may connect at all (HyperDHT's firewall); off by default. */
  buddiesOnly: z.boolean().optional(),
  /** What an incoming call rings with (the UI plays it); absent = `classic`. Absent in files written before it existed. */
  ringtone: z.enum(['classic', 'soft', 'off']).optional(),
});
export type Settings = z.output<typeof SettingsSchema>;

export const ContactSchema = z.object({
  uri: z.string().min(1).max(1024),
  displayName: z.string().max(64),
  addedAt: z.string(),
});
export const ContactsSchema = z.object({
  version: z.literal(1),
  contacts: z.array(ContactSchema).max(10_000),
});
export type Contacts = z.output<typeof ContactsSchema>;

export const HistoryEntrySchema = z.object({
  id: z.string().min(1).max(64),
  direction: z.enum(['incoming', 'outgoing']),
  remoteUri: z.string().max(1024),
  outcome: z.enum(['answered', 'missed', 'declined', 'unanswered', 'failed']),
  startedAt: z.number(),
  endedAt: z.number(),
  durationMs: z.number().nonnegative(),
  reason: z.string().max(512),
  status: z.number().int().optional(),
});
export const CallHistorySchema = z.object({
  version: z.literal(1),
  entries: z.array(HistoryEntrySchema).max(500),
  missedUnseen: z.number().int().nonnegative(),
});
export type CallHistoryDocument = z.output<typeof CallHistorySchema>;
export type HistoryEntryRecord = z.output<typeof HistoryEntrySchema>;

export const SETTINGS_FILE = 'settings.json';
export const HISTORY_FILE = 'history.json';
export const CONTACTS_FILE = 'contacts.json';

export function defaultSettings(userName: string): Settings {
  const cleaned = userName.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 64);
  return { version: 1, displayName: cleaned.length > 0 ? cleaned : 'Parley user' };
}

export function defaultHistory(): CallHistoryDocument {
  return { version: 1, entries: [], missedUnseen: 0 };
}

export function defaultContacts(): Contacts {
  return { version: 1, contacts: [] };
}
