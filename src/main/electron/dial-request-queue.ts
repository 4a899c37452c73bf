/**
 * Holds `sip:` links until a window can show them. A link can arrive before the core has started
 * or the renderer has loaded (the OS starts the app because of it), so links are queued while
 * closed and delivered in order once `open` is called with the way to deliver them.
 */
export type DeliverDialRequest = (uri: string) => void;

/** Links beyond this many, while nobody can show them, push out the oldest: a person clicks a few. */
export const MAX_QUEUED_DIAL_REQUESTS = 8;

export class DialRequestQueue {
  readonly #queued: string[] = [];
  #deliver: DeliverDialRequest | undefined;

  /** Delivers the link now if a window can show it, otherwise keeps it for `open`. */
  request(uri: string): void {
    if (this.#deliver) {
      this.#deliver(uri);
      return;
    }
    this.#queued.push(uri);
    if (this.#queued.length > MAX_QUEUED_DIAL_REQUESTS) this.#queued.shift();
  }

  /** The renderer has loaded: deliver what waited, then deliver new links at once. */
  open(deliver: DeliverDialRequest): void {
    this.#deliver = deliver;
    for (const uri of this.#queued.splice(0)) deliver(uri);
  }

  /** The renderer is (re)loading or gone: keep links until the next `open`. */
  close(): void {
    this.#deliver = undefined;
  }

  get pending(): readonly string[] {
    return [...this.#queued];
  }
}
