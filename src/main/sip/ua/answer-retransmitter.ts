/**
 * §13.3.1.4: the UAS core itself retransmits a 2xx to an INVITE "with an interval that starts
 * at T1 seconds and doubles for each retransmission until it reaches T2 seconds", until the
 * ACK arrives — "independent of whatever transport protocols are used". After 64*T1 without
 * an ACK, the dialog is confirmed but the session SHOULD be ended with a BYE.
 */
import type { Clock, TimerHandle } from '../../clock.js';
import type { TransactionTimerConfig } from '../transaction/transaction-timers.js';

/** When, after the first send, each retransmission goes out and when the UAS gives up (ms). */
export function answerRetransmitSchedule(config: TransactionTimerConfig): { readonly retransmitAt: readonly number[]; readonly giveUpAt: number } {
  const giveUpAt = 64 * config.T1;
  const retransmitAt: number[] = [];
  let interval = config.T1;
  for (let at = config.T1; at < giveUpAt; at += interval) {
    retransmitAt.push(at);
    interval = Math.min(2 * interval, config.T2);
  }
  return { retransmitAt, giveUpAt };
}

export interface AnswerRetransmitterOptions {
  readonly clock: Clock;
  readonly config: TransactionTimerConfig;
  readonly retransmit: () => void;
  /** 64*T1 passed without an ACK. */
  readonly onTimeout: () => void;
}

export class AnswerRetransmitter {
  readonly #options: AnswerRetransmitterOptions;
  readonly #startedAt: number;
  #timer: TimerHandle | undefined;
  #next = 0;
  #stopped = false;

  /** Call right after the first send of the 2xx. */
  constructor(options: AnswerRetransmitterOptions) {
    this.#options = options;
    this.#startedAt = options.clock.now();
    this.#schedule();
  }

  get running(): boolean {
    return this.#timer !== undefined;
  }

  /** The ACK arrived (or the session ended): no more retransmissions. */
  stop(): void {
    this.#stopped = true;
    this.#timer?.cancel();
    this.#timer = undefined;
  }

  #schedule(): void {
    const { retransmitAt, giveUpAt } = answerRetransmitSchedule(this.#options.config);
    const at = retransmitAt[this.#next];
    const due = (at ?? giveUpAt) + this.#startedAt - this.#options.clock.now();
    this.#timer = this.#options.clock.setTimer(due, () => {
      this.#timer = undefined;
      if (at === undefined) {
        this.#stopped = true;
        this.#options.onTimeout();
        return;
      }
      this.#next++;
      this.#options.retransmit();
      if (!this.#stopped) this.#schedule();
    });
  }
}
