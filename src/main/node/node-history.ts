import { randomBytes } from 'node:crypto';
import type { CallHistory, EventName, EventPayload, HistoryEntry } from '../../shared/api-contract.js';
import type { CommandHandlers } from '../api/api-service.js';
import type { Profile } from '../profile/profile.js';

type HistoryCommands = Pick<CommandHandlers, 'getHistory' | 'markHistorySeen' | 'clearHistory'>;

/** What is known of a call when it ends. */
export interface EndedCall {
  readonly direction: 'incoming' | 'outgoing';
  readonly remoteUri: string;
  readonly startedAt: number;
  readonly establishedAt: number | undefined;
  readonly endedAt: number;
  readonly reason: string;
  readonly status?: number | undefined;
}

/** SIP answers that mean "nobody took it" rather than a fault: 480, 486, 487, 603 (RFC 3261 §21). */
const NOT_TAKEN = new Set([480, 486, 487, 600, 603]);

/** The history's name for how a call went (pure, so each rule is tested). */
export function outcomeOf(call: EndedCall): HistoryEntry['outcome'] {
  if (call.establishedAt !== undefined) return 'answered';
  if (call.direction === 'incoming') {
    if (call.reason.startsWith('missed')) return 'missed';
    if (call.reason === 'declined' || call.reason.startsWith('declined:')) return 'declined';
    return 'failed';
  }
  if (call.reason === 'cancelled' || (call.status !== undefined && NOT_TAKEN.has(call.status))) return 'unanswered';
  return 'failed';
}

/**
 * Every call that ended, kept in the profile (history.json) so it survives restarts, with the
 * missed-call badge: missed calls since the user last looked.
 */
export class NodeHistory {
  readonly #profile: Profile;
  readonly #emit: <E extends EventName>(name: E, payload: EventPayload<E>) => void;
  /** Writes one after another: two calls ending at once must both be kept. */
  #writing: Promise<unknown> = Promise.resolve();

  constructor(profile: Profile, emit: <E extends EventName>(name: E, payload: EventPayload<E>) => void) {
    this.#profile = profile;
    this.#emit = emit;
  }

  /** Records a call that ended. */
  record(call: EndedCall): Promise<CallHistory> {
    const outcome = outcomeOf(call);
    const entry: HistoryEntry = {
      id: randomBytes(8).toString('hex'),
      direction: call.direction,
      remoteUri: call.remoteUri,
      outcome,
      startedAt: call.startedAt,
      endedAt: call.endedAt,
      durationMs: call.establishedAt === undefined ? 0 : Math.max(0, call.endedAt - call.establishedAt),
      reason: call.reason,
      ...(call.status !== undefined ? { status: call.status } : {}),
    };
    return this.#change((history) => ({ entries: [entry, ...history.entries], missedUnseen: history.missedUnseen + (outcome === 'missed' ? 1 : 0) }));
  }

  commands(): HistoryCommands {
    return {
      getHistory: () => this.#view(),
      markHistorySeen: () => (this.#profile.history.missedUnseen === 0 ? this.#view() : this.#change((history) => ({ ...history, missedUnseen: 0 }))),
      clearHistory: () => this.#change(() => ({ entries: [], missedUnseen: 0 })),
    };
  }

  #view(): CallHistory {
    const { entries, missedUnseen } = this.#profile.history;
    return { entries: entries.map((entry) => ({ ...entry })), missedUnseen };
  }

  #change(change: (history: CallHistory) => CallHistory): Promise<CallHistory> {
    const next = this.#writing.then(async () => {
      await this.#profile.updateHistory(change(this.#view()));
      const view = this.#view();
      this.#emit('historyChanged', view);
      return view;
    });
    this.#writing = next.catch(() => undefined);
    return next;
  }
}
