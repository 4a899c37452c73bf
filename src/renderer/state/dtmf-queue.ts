import { DtmfDigitsSchema } from '../../shared/api-contract.js';

/** The most digits one `sendDtmf` carries (the contract's limit). */
const MAX_DIGITS_PER_SEND = DtmfDigitsSchema.maxLength ?? 64;

/**
 * Keypad presses for one call, sent in order and never two requests at once: digits pressed
 * while one send is on its way wait and go together in the next, so fast typing neither
 * reorders nor floods the core. `send` resolves when the core has answered.
 */
export class DtmfQueue {
  readonly #send: (digits: string) => Promise<void>;
  #waiting = '';
  #sending = false;

  constructor(send: (digits: string) => Promise<void>) {
    this.#send = send;
  }

  /** Whether a send is on its way or digits wait for one. */
  get busy(): boolean {
    return this.#sending || this.#waiting !== '';
  }

  /** Queues `digits`; resolves when the queue has been emptied (by this call or an earlier one). */
  async press(digits: string): Promise<void> {
    this.#waiting += digits;
    if (this.#sending) return;
    this.#sending = true;
    try {
      while (this.#waiting !== '') {
        const next = this.#waiting.slice(0, MAX_DIGITS_PER_SEND);
        this.#waiting = this.#waiting.slice(next.length);
        await this.#send(next);
      }
    } finally {
      this.#sending = false;
    }
  }
}
