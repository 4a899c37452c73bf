/**
 * The one typed API between the Parley core and any UI.
 *
 * Commands are request → response; events are pushed by the core (name → payload).
 * The same contract is carried by Electron IPC (preload) and by the token-protected
 * WebSocket of `parley serve`. Schemas here are the single source of truth: the types
 * are inferred from them and the core validates every incoming argument against them,
 * so a wrong argument becomes a `BAD_ARGUMENT` error value, never an exception.
 *
 * This file must stay free of Node and DOM APIs: main, preload and renderer all import it.
 */
import { z } from 'zod';

/** Bumped when a command or event changes incompatibly. */
export const API_VERSION = 1;

// ── values ──────────────────────────────────────────────────────────────────

/** A display name is a label for people, never used for routing (DESIGN.md). */
export const DisplayNameSchema = z
  .string()
  .trim()
  .min(1, 'a display name cannot be empty')
  .max(64, 'a display name has at most 64 characters')
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'a display name cannot contain control characters');

/** A SIP or SIPS URI as a user types or a link carries it (RFC 3261 §19.1); parsed fully by the SIP stack. */
export const SipUriSchema = z
  .string()
  .trim()
  .max(1024, 'a SIP URI has at most 1024 characters')
  .regex(/^sips?:[^\s<>"]+$/i, 'a SIP URI starts with sip: or sips: and has no spaces');

export const ProfileSchema = z.object({
  displayName: z.string(),
  /** Self-certifying address-of-record: sip:<identity key in z-base-32>@<pseudo-domain>. */
  uri: z.string(),
  /** The identity public key, z-base-32. */
  identityKey: z.string(),
});

export const NetworkStateSchema = z.enum(['connecting', 'online', 'offline']);

export const NetworkStatusSchema = z.object({
  state: NetworkStateSchema,
  /** DHT nodes in the routing table. */
  peers: z.number().int().nonnegative(),
  /** The bootstrap nodes used, as HOST:PORT. */
  bootstrap: z.array(z.string()),
  /** True when `--bootstrap` named a private DHT instead of the public one. */
  privateNetwork: z.boolean(),
  /** Milliseconds since the epoch when `state` last changed. */
  since: z.number(),
  /**
   * How the network in front of this machine maps UDP ports, as the DHT's other nodes see it:
   * `open` (reachable directly), `consistent` (a NAT that keeps one port: hole-punching works),
   * `random` (a NAT that picks a new port per peer: calls may need a relay), `unknown` until measured.
   */
  nat: z.enum(['unknown', 'open', 'consistent', 'random']),
  /** HOST:PORT the DHT's other nodes see us at, when known. */
  publicAddress: z.string().nullable(),
});

export const NoticeSchema = z.object({
  /** Unique within one run of the core; what `dismissNotice` takes. */
  id: z.string(),
  level: z.enum(['info', 'warning', 'error']),
  /** Stable code, e.g. `PROFILE_FILE_CORRUPT`. */
  code: z.string(),
  message: z.string(),
});

export const AppInfoSchema = z.object({
  version: z.string(),
  apiVersion: z.number().int(),
  /** `electron` in the desktop app, `browser` when served by `parley serve`. */
  shell: z.enum(['electron', 'browser']),
  dataDir: z.string(),
});

export const MuteStateSchema = z.object({ muted: z.boolean() });

/** A call's Call-ID, as the core reported it. */
export const CallIdSchema = z.string().min(1, 'a callId is required').max(256, 'a callId has at most 256 characters');

/** RFC 4733 digits a user can press: 0–9, *, #, A–D. */
export const DtmfDigitsSchema = z
  .string()
  .min(1, 'which digits?')
  .max(64, 'at most 64 digits at a time')
  .regex(/^[0-9*#A-Da-d]+$/, 'DTMF digits are 0–9, *, # and A–D');

/** A loudness for meters, in dB relative to full scale (−∞ is reported as a large negative number). */
export const AudioLevelSchema = z.object({ rmsDbfs: z.number(), peakDbfs: z.number() });

/** How long the audio test (`startAudioTest`) runs before it stops by itself; the settings count it down. */
export const AUDIO_TEST_DURATION_MS = 10_000;

/** What a call reports about its audio, live and at its end (issue 4, "Call statistics"). */
export const CallStatisticsSchema = z.object({
  packetsSent: z.number(),
  packetsReceived: z.number(),
  packetsLost: z.number(),
  /** 0…1 over the whole call. */
  lossFraction: z.number(),
  jitterMs: z.number(),
  /** Null until the peer's RTCP has echoed one of our reports. */
  roundTripTimeMs: z.number().nullable(),
  concealedFrames: z.number(),
  playoutDelayMs: z.number(),
  /** Estimated mean opinion score, 1–4.5 (E-model from delay and loss). */
  mos: z.number(),
  oneWayDelayMs: z.number(),
});

export const CallViewSchema = z.object({
  callId: CallIdSchema,
  direction: z.enum(['incoming', 'outgoing']),
  /** The other party's address (the caller's From for incoming calls, the dialled URI for outgoing). */
  remoteUri: z.string(),
  /** The display name the other party gave (From/To), null when it gave none; a label, never trusted for identity. */
  remoteDisplayName: z.string().nullable(),
  /** `setup` while it is being placed or rings, then `established`, then `ended`. */
  state: z.enum(['setup', 'established', 'ended']),
  /**
   * How far an outgoing call got while in `setup`: `calling` (sent), `lookup` (finding the
   * callee's devices on the DHT), `connecting` (to them), `ringing` (a device rings). Incoming
   * calls are `ringing`.
   */
  setupPhase: z.enum(['calling', 'lookup', 'connecting', 'ringing']),
  /** We put the call on hold. */
  localHold: z.boolean(),
  /** The other party put us on hold. */
  remoteHold: z.boolean(),
  muted: z.boolean(),
  /** `opus/48000`, `PCMU/8000`; null until agreed. */
  codec: z.string().nullable(),
  /** Milliseconds since the epoch. */
  startedAt: z.number(),
  establishedAt: z.number().nullable(),
  /**
   * The microphone and the loudspeaker the call uses now, by device name (`switchCallDevice`
   * changes them); null when the call does not use a sound card that way (files, silence) or
   * none is open now.
   */
  input: z.string().nullable(),
  output: z.string().nullable(),
});

export const CallEndedSchema = z.object({
  callId: CallIdSchema,
  /** A sentence for people: `hangup by caller`, `busy: 486 Busy Here`, `transferred to sip:…`, … */
  reason: z.string(),
  /** The SIP status, when the call ended with one. */
  status: z.number().int().optional(),
  statistics: CallStatisticsSchema.optional(),
});

const CallRef = z.object({ callId: CallIdSchema }).strict();

export const ContactSchema = z.object({
  uri: z.string(),
  /** A label the user chose; never used for routing. */
  displayName: z.string(),
  /** ISO 8601. */
  addedAt: z.string(),
});

/** One finished call, as the history shows it (newest first). */
export const HistoryEntrySchema = z.object({
  /** Unique in this profile's history. */
  id: z.string(),
  direction: z.enum(['incoming', 'outgoing']),
  remoteUri: z.string(),
  /** `answered` (it was established), `missed` (incoming, never answered), `declined` (we turned it away), `unanswered` (outgoing, never answered), `failed`. */
  outcome: z.enum(['answered', 'missed', 'declined', 'unanswered', 'failed']),
  /** Milliseconds since the epoch. */
  startedAt: z.number(),
  endedAt: z.number(),
  /** How long it was established, 0 when it never was. */
  durationMs: z.number(),
  /** The end as a sentence (`hangup by caller`, `offline: …`), and its SIP status when it had one. */
  reason: z.string(),
  status: z.number().int().optional(),
});

export const HistorySchema = z.object({
  entries: z.array(HistoryEntrySchema),
  /** Missed calls since the user last looked (`markHistorySeen`): the badge. */
  missedUnseen: z.number().int().nonnegative(),
});

/** The status the user sets for themselves; `busy` is do not disturb. */
export const PresenceStatusSchema = z.object({ status: z.enum(['online', 'away', 'busy']) });

/**
 * A buddy's presence as this node last learnt it (RFC 3856 over the peer connection, PIDF bodies):
 * `online`/`away`/`busy` from the buddy's own devices, `offline` when no device of theirs is
 * reachable, `unknown` before the first check and for plain SIP addresses (no presence there).
 */
export const BuddyPresenceSchema = z.object({
  uri: z.string(),
  status: z.enum(['online', 'away', 'busy', 'offline', 'unknown']),
  /** Milliseconds since the epoch when `status` last changed. */
  since: z.number(),
});

/** What plays when a call rings: a ring pattern through the output device, or nothing. */
export const RingtoneSchema = z.object({ ringtone: z.enum(['classic', 'soft', 'off']) });

/** An identity transfer code for a second device (`parley identity import`), sealed with a passphrase. */
export const IdentityExportSchema = z.object({ code: z.string() });
export const PassphraseSchema = z.string().min(8, 'a passphrase has at least 8 characters').max(1024, 'a passphrase has at most 1024 characters');

export const PrivacySchema = z.object({
  /** Only devices of contacts may connect; strangers' calls never reach this node's SIP layer. */
  buddiesOnly: z.boolean(),
});

/** A sound card as the user picks it: by name, remembered in the settings. */
export const AudioDeviceViewSchema = z.object({ name: z.string(), isDefault: z.boolean() });
const DeviceNameSchema = z.string().trim().min(1, 'a device name cannot be empty').max(512);

export const AudioDevicesSchema = z.object({
  inputs: z.array(AudioDeviceViewSchema),
  outputs: z.array(AudioDeviceViewSchema),
  /** The remembered choice; null = the system's default device. */
  input: z.string().nullable(),
  output: z.string().nullable(),
});

/**
 * A conference URI: `sip:<conference key in z-base-32>@conference.parley.invalid` (RFC 4579's
 * conference URI; the key signs the conference record in the DHT that names its focus).
 */
export const ConferenceUriSchema = SipUriSchema.refine((uri) => /@conference\.parley\.invalid(?:[;>?]|$)/i.test(uri), 'a conference URI ends in @conference.parley.invalid');

/** One member as the roster shows it (RFC 4575 `user`/`endpoint`, reduced to what people look at). */
export const ConferenceMemberSchema = z.object({
  /** Stable for the member's stay (the focus's endpoint entity); what mute/remove take. */
  memberId: z.string(),
  uri: z.string(),
  /** The name the member gave; a label only. */
  displayName: z.string().nullable(),
  /** Milliseconds since the epoch. */
  joinedAt: z.number(),
  /** Muted by the host (the focus drops their audio) or by themselves. */
  muted: z.boolean(),
  /** Among the loudest speakers the mixer mixes right now. */
  speaking: z.boolean(),
  role: z.enum(['host', 'member']),
  /** This entry is the user of this node. */
  self: z.boolean(),
});

export const ConferenceViewSchema = z.object({
  uri: z.string(),
  subject: z.string(),
  /** `host`: this node is the focus; `member`: this node joined by a call to the focus. */
  role: z.enum(['host', 'member']),
  state: z.enum(['joining', 'active', 'ended']),
  /** A locked conference admits no new member (a joining call gets 403). */
  locked: z.boolean(),
  /** The call to the focus, for a member; null for the host. */
  callId: CallIdSchema.nullable(),
  members: z.array(ConferenceMemberSchema),
  /** Milliseconds since the epoch. */
  startedAt: z.number(),
});

const ConferenceRef = z.object({ uri: ConferenceUriSchema }).strict();
const MemberRef = z.object({ uri: ConferenceUriSchema, memberId: z.string().min(1).max(256) }).strict();

const NoArgs = z.object({}).strict();

// ── commands ────────────────────────────────────────────────────────────────

export const commands = {
  getAppInfo: { args: NoArgs, result: AppInfoSchema },
  getProfile: { args: NoArgs, result: ProfileSchema },
  setDisplayName: { args: z.object({ displayName: DisplayNameSchema }).strict(), result: ProfileSchema },
  getNetworkStatus: { args: NoArgs, result: NetworkStatusSchema },
  getMuted: { args: NoArgs, result: MuteStateSchema },
  setMuted: { args: MuteStateSchema.strict(), result: MuteStateSchema },
  /** Notices raised since start that the user has not dismissed (e.g. a corrupt file moved aside). */
  getNotices: { args: NoArgs, result: z.array(NoticeSchema) },
  /** Dismisses a notice for every UI of this node; `dismissed` is false when no such notice was open. */
  dismissNotice: { args: z.object({ id: z.string().min(1).max(64) }).strict(), result: z.object({ dismissed: z.boolean() }) },
  /**
   * Takes the `sip:` links opened since the last take, oldest first, and clears them. A UI calls
   * it when it loads (a link may have started the app before the page could listen) and on each
   * `dialRequested`, so every link is shown once.
   */
  takeDialRequests: { args: NoArgs, result: z.array(SipUriSchema) },
  /** The calls in progress, oldest first. */
  listCalls: { args: NoArgs, result: z.array(CallViewSchema) },
  /** Places a call; its progress arrives as `callUpdated`, its end as `callEnded`. */
  placeCall: { args: z.object({ uri: SipUriSchema }).strict(), result: CallViewSchema },
  /** Answers an incoming call that rings (`callUpdated` with direction incoming and state setup). */
  answerCall: { args: CallRef, result: CallViewSchema },
  /** Hangs up (BYE), cancels an outgoing call still ringing (CANCEL), or declines an incoming one (603). */
  hangUp: { args: CallRef, result: z.object({ callId: CallIdSchema }) },
  /** Puts the call on hold (a re-INVITE, RFC 3264 §8.4); resolves once the other party agreed. */
  holdCall: { args: CallRef, result: CallViewSchema },
  resumeCall: { args: CallRef, result: CallViewSchema },
  /** RFC 4733 digits into an established call. */
  sendDtmf: { args: z.object({ callId: CallIdSchema, digits: DtmfDigitsSchema }).strict(), result: z.object({ digits: z.string() }) },
  getCallStatistics: { args: CallRef, result: CallStatisticsSchema },
  /** The contact list (the buddies), in the order they were added. */
  listContacts: { args: NoArgs, result: z.array(ContactSchema) },
  /** Adds a contact, or renames one with the same URI. */
  addContact: { args: z.object({ uri: SipUriSchema, displayName: z.union([DisplayNameSchema, z.literal('')]).optional() }).strict(), result: z.array(ContactSchema) },
  removeContact: { args: z.object({ uri: SipUriSchema }).strict(), result: z.array(ContactSchema) },
  getPrivacy: { args: NoArgs, result: PrivacySchema },
  getPresence: { args: NoArgs, result: PresenceStatusSchema },
  /** Sets the user's status; `busy` turns every incoming call away with 486 (the caller sees "busy"). */
  setPresence: { args: PresenceStatusSchema.strict(), result: PresenceStatusSchema },
  /** Every call that ended, newest first (the last 500), and the missed-call badge. */
  getHistory: { args: NoArgs, result: HistorySchema },
  /** The user has seen the missed calls: the badge goes back to 0. */
  markHistorySeen: { args: NoArgs, result: HistorySchema },
  clearHistory: { args: NoArgs, result: HistorySchema },
  setPrivacy: { args: PrivacySchema.strict(), result: PrivacySchema },
  /** Every buddy's presence as last learnt, in the contact list's order; changes arrive as `buddyPresenceChanged`. */
  listPresence: { args: NoArgs, result: z.array(BuddyPresenceSchema) },
  /**
   * Blind transfer (RFC 3515, RFC 5589 §6): asks the other party to call `uri`. Resolves once it
   * accepted (202); the call ends as `transferred to …` when the new call is answered, and
   * stays up if the transfer fails.
   */
  transferCall: { args: z.object({ callId: CallIdSchema, uri: SipUriSchema }).strict(), result: z.object({ callId: CallIdSchema }) },
  getRingtone: { args: NoArgs, result: RingtoneSchema },
  setRingtone: { args: RingtoneSchema.strict(), result: RingtoneSchema },
  /** Seals this identity for `parley identity import` on a second device. */
  exportIdentity: { args: z.object({ passphrase: PassphraseSchema }).strict(), result: IdentityExportSchema },
  /**
   * Plays a test tone on the chosen loudspeaker and measures the chosen microphone
   * (`audioTestLevelsMeasured`) until `stopAudioTest` or 10 s; a call in progress refuses it.
   */
  startAudioTest: { args: NoArgs, result: z.object({ running: z.boolean() }) },
  stopAudioTest: { args: NoArgs, result: z.object({ running: z.boolean() }) },
  /** Conferences this node hosts or has joined. */
  listConferences: { args: NoArgs, result: z.array(ConferenceViewSchema) },
  /** Hosts a new conference: a conference key pair, its record in the DHT, this node its focus; the host's own microphone and speaker take part. */
  createConference: { args: z.object({ subject: z.string().trim().max(128).optional() }).strict(), result: ConferenceViewSchema },
  /** Joins by calling the conference URI (looks up its record, connects to the focus); `placeCall` to the URI does the same. */
  joinConference: { args: ConferenceRef, result: ConferenceViewSchema },
  /** Leaves (hangs up the call to the focus); the host leaving ends the conference for everyone. */
  leaveConference: { args: ConferenceRef, result: z.object({ uri: z.string() }) },
  /** The focus calls `invitee` into the conference (a member asks the focus with REFER, RFC 4579 §5.5). */
  inviteToConference: { args: z.object({ uri: ConferenceUriSchema, invitee: SipUriSchema }).strict(), result: ConferenceViewSchema },
  /** Turns a 1:1 call into a conference: hosts one and asks the other party to join it (REFER). */
  mergeIntoConference: { args: CallRef, result: ConferenceViewSchema },
  /** Host only: mutes or unmutes a member for everyone. */
  setMemberMuted: { args: MemberRef.extend({ muted: z.boolean() }).strict(), result: ConferenceViewSchema },
  /** Host only: ends a member's call (BYE from the focus). */
  removeMember: { args: MemberRef, result: ConferenceViewSchema },
  /** Host only: a locked conference turns new joiners away with 403. */
  setConferenceLocked: { args: z.object({ uri: ConferenceUriSchema, locked: z.boolean() }).strict(), result: ConferenceViewSchema },
  /** The microphones and loudspeakers this machine has, and the ones calls use. */
  listAudioDevices: { args: NoArgs, result: AudioDevicesSchema },
  /** Remembers the devices calls use from the next call on; null goes back to the default. */
  setAudioDevices: { args: z.object({ input: DeviceNameSchema.nullable().optional(), output: DeviceNameSchema.nullable().optional() }).strict(), result: AudioDevicesSchema },
  /**
   * Moves a call's microphone (`input`) or loudspeaker (`output`) to another device, or to the
   * system default (`name` null), while it goes on. For this call only, as in Linphone: the
   * devices remembered for the next calls stay as `setAudioDevices` set them. A device that
   * refuses leaves the call on the one its `callUpdated` names.
   */
  switchCallDevice: {
    args: z.object({ callId: CallIdSchema, direction: z.enum(['input', 'output']), name: DeviceNameSchema.nullable() }).strict(),
    result: z.object({ callId: CallIdSchema, input: z.string().nullable(), output: z.string().nullable() }),
  },
} as const satisfies Record<string, { args: z.ZodType; result: z.ZodType }>;

// ── events ──────────────────────────────────────────────────────────────────

export const events = {
  profileChanged: ProfileSchema,
  networkStatusChanged: NetworkStatusSchema,
  muteChanged: MuteStateSchema,
  /** A `sip:` link was opened (OS protocol handler or command line); `takeDialRequests` takes it. */
  dialRequested: z.object({ uri: SipUriSchema }),
  noticeRaised: NoticeSchema,
  noticeDismissed: z.object({ id: z.string() }),
  /** A call started, rang, was answered, held, resumed or muted: its whole view. */
  callUpdated: CallViewSchema,
  callEnded: CallEndedSchema,
  /** Levels for the meters, a few times a second while the call has audio. */
  callLevelsMeasured: z.object({ callId: CallIdSchema, input: AudioLevelSchema, output: AudioLevelSchema, muted: z.boolean() }),
  /** The live figures, about once a second. */
  callStatisticsUpdated: z.object({ callId: CallIdSchema, statistics: CallStatisticsSchema }),
  /** An RFC 4733 digit from the other party. */
  dtmfReceived: z.object({ callId: CallIdSchema, digit: z.string() }),
  /** The history changed (a call ended, the badge was reset, the history was cleared): the whole of it. */
  historyChanged: HistorySchema,
  /** A call's microphone or loudspeaker vanished or failed; `to` took over (null: none yet, the call goes on in silence). */
  audioDeviceReplaced: z.object({ callId: CallIdSchema, direction: z.enum(['input', 'output']), from: z.string(), to: z.string().nullable(), reason: z.string() }),
  /** The contact list changed (here, in another UI, or restored from the identity's copy in the DHT): the whole of it. */
  contactsChanged: z.array(ContactSchema),
  /** The user's own status changed (in any UI). */
  presenceChanged: PresenceStatusSchema,
  /** A buddy came online, went away, set do not disturb or went offline. */
  buddyPresenceChanged: BuddyPresenceSchema,
  /** The ringtone setting changed (in any UI). */
  ringtoneChanged: RingtoneSchema,
  /** A conference started, its roster or lock changed (RFC 4575 notifications, or the focus itself): its whole view. */
  conferenceUpdated: ConferenceViewSchema,
  conferenceEnded: z.object({ uri: z.string(), reason: z.string() }),
  /** Who is speaking now, a few times a second while it changes (the roster's `speaking`, without the whole roster). */
  conferenceSpeakersChanged: z.object({ uri: z.string(), speaking: z.array(z.string()) }),
  /** Levels while the audio test runs, a few times a second; `running: false` once it stopped. */
  audioTestLevelsMeasured: z.object({ input: AudioLevelSchema, output: AudioLevelSchema, running: z.boolean() }),
} as const satisfies Record<string, z.ZodType>;

// ── types inferred from the schemas ─────────────────────────────────────────

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type CommandArgs<C extends CommandName> = z.input<Commands[C]['args']>;
export type ParsedCommandArgs<C extends CommandName> = z.output<Commands[C]['args']>;
export type CommandResult<C extends CommandName> = z.output<Commands[C]['result']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export type Profile = z.output<typeof ProfileSchema>;
export type NetworkState = z.output<typeof NetworkStateSchema>;
export type NetworkStatus = z.output<typeof NetworkStatusSchema>;
export type Notice = z.output<typeof NoticeSchema>;
export type AppInfo = z.output<typeof AppInfoSchema>;
export type CallView = z.output<typeof CallViewSchema>;
export type CallStatisticsView = z.output<typeof CallStatisticsSchema>;
export type AudioDevices = z.output<typeof AudioDevicesSchema>;
export type Contact = z.output<typeof ContactSchema>;
export type HistoryEntry = z.output<typeof HistoryEntrySchema>;
export type CallHistory = z.output<typeof HistorySchema>;
export type BuddyPresence = z.output<typeof BuddyPresenceSchema>;
export type PresenceStatus = z.output<typeof PresenceStatusSchema>['status'];
export type Ringtone = z.output<typeof RingtoneSchema>['ringtone'];
export type ConferenceView = z.output<typeof ConferenceViewSchema>;
export type ConferenceMember = z.output<typeof ConferenceMemberSchema>;

export const COMMAND_NAMES = Object.keys(commands) as CommandName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(commands, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

// ── results and errors ──────────────────────────────────────────────────────

export const API_ERROR_CODES = [
  /** An argument failed validation; `message` says which and why. */
  'BAD_ARGUMENT',
  /** No such command in this API version. */
  'UNKNOWN_COMMAND',
  /** The caller is not the node's own UI: no valid token (served), or a foreign frame (Electron). */
  'UNAUTHORIZED',
  /** The message on the wire was not a request envelope. */
  'BAD_REQUEST',
  /** The core cannot do this now (e.g. shutting down). */
  'UNAVAILABLE',
  /** A fault in the core; logged there. */
  'INTERNAL',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export const ApiErrorSchema = z.object({
  code: z.enum(API_ERROR_CODES),
  message: z.string(),
});
export type ApiError = z.output<typeof ApiErrorSchema>;

/** Expected failures are values (STYLE.md habit 6). */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** What a UI holds: one function per command and a typed subscription per event. */
export type ParleyApi = {
  [C in CommandName]: (args: CommandArgs<C>) => Promise<ApiResult<CommandResult<C>>>;
} & {
  /** Subscribes to an event; returns the function that unsubscribes. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

// ── the WebSocket / HTTP wire envelope (`parley serve`) ─────────────────────

/** Where the served API lives; `/api/ws` for the socket, `/api/<command>` for HTTP POST. */
export const API_HTTP_PREFIX = '/api/';
export const API_WS_PATH = '/api/ws';
/** Largest request the served API accepts, in bytes. */
export const API_MAX_MESSAGE_BYTES = 64 * 1024;

export const WireRequestSchema = z.object({
  type: z.literal('request'),
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  command: z.string().max(64),
  args: z.unknown(),
});
export type WireRequest = z.output<typeof WireRequestSchema>;

export type WireResponse = { type: 'response'; id: number } & ApiResult<unknown>;
export type WireEvent = { type: 'event'; name: EventName; payload: unknown };
export type WireServerMessage = WireResponse | WireEvent;

export const WireServerMessageSchema = z.union([
  z.object({ type: z.literal('response'), id: z.number(), ok: z.literal(true), value: z.unknown() }),
  z.object({ type: z.literal('response'), id: z.number(), ok: z.literal(false), error: ApiErrorSchema }),
  z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);

/** Formats a schema failure as one sentence a person can act on. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

// ── the Electron IPC channels (preload ↔ main) ──────────────────────────────

/** `ipcRenderer.invoke(IPC_INVOKE_CHANNEL, command, args)` → `ApiResult`. */
export const IPC_INVOKE_CHANNEL = 'parley:invoke';
/** `webContents.send(IPC_EVENT_CHANNEL, name, payload)` for every core event. */
export const IPC_EVENT_CHANNEL = 'parley:event';
