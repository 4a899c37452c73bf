import type { AnnouncedPeer, HostPort, KeyPair, LookupReply, MutablePutResult, MutableRecord, Query, QueryNode } from 'hyperdht';

const NODE: QueryNode = { id: null, host: '127.0.0.1', port: 1 };

/** A query that yields `replies` and finishes as `outcome` says. */
export function fakeQuery<Reply>(replies: Reply[], outcome: Promise<void> = Promise.resolve()): Query<Reply> {
  return {
    finished: () => outcome,
    destroy: () => undefined,
    closestNodes: [NODE],
    async *[Symbol.asyncIterator]() {
      for (const reply of replies) yield reply;
      await outcome;
    },
  };
}

/**
 * HyperDHT as one honest node that holds everything, for tests of the adapters' logic on fake
 * time: mutable records keep the highest seq (an older or reused seq is dropped silently, as
 * the real nodes do), topics keep who announced. `hold()` makes announces wait for `release()`.
 */
export class FakeDeviceDht {
  readonly records = new Map<string, MutableRecord>();
  readonly topics = new Map<string, Map<string, AnnouncedPeer>>();
  readonly calls: string[] = [];
  failAnnounces = 0;
  #held: Array<() => void> | null = null;

  hold(): void {
    this.#held = [];
  }

  release(): void {
    const held = this.#held ?? [];
    this.#held = null;
    for (const resume of held) resume();
  }

  async mutablePut(keyPair: KeyPair, value: Buffer, options: { seq?: number } = {}): Promise<MutablePutResult> {
    const seq = options.seq ?? 0;
    this.calls.push(`put ${seq}`);
    const key = keyPair.publicKey.toString('hex');
    const existing = this.records.get(key);
    const ignored = existing && (seq < existing.seq || (seq === existing.seq && !existing.value.equals(value)));
    if (!ignored) this.records.set(key, { seq, value, signature: Buffer.alloc(64), from: NODE });
    return { publicKey: keyPair.publicKey, closestNodes: [NODE], seq, signature: Buffer.alloc(64) };
  }

  async mutableGet(publicKey: Buffer): Promise<MutableRecord | null> {
    this.calls.push('get');
    return this.records.get(publicKey.toString('hex')) ?? null;
  }

  announce(topic: Buffer, keyPair: KeyPair, relayAddresses: HostPort[] = []): Query<LookupReply> {
    this.calls.push('announce');
    const outcome = (async () => {
      if (this.#held) await new Promise<void>((resume) => this.#held?.push(resume));
      if (this.failAnnounces > 0) {
        this.failAnnounces--;
        throw new Error('Too few nodes responded');
      }
      const peers = this.topics.get(topic.toString('hex')) ?? new Map<string, AnnouncedPeer>();
      peers.set(keyPair.publicKey.toString('hex'), { publicKey: keyPair.publicKey, relayAddresses });
      this.topics.set(topic.toString('hex'), peers);
    })();
    return fakeQuery<LookupReply>([], outcome);
  }

  async unannounce(topic: Buffer, keyPair: KeyPair): Promise<void> {
    this.calls.push('unannounce');
    this.topics.get(topic.toString('hex'))?.delete(keyPair.publicKey.toString('hex'));
  }

  lookup(topic: Buffer): Query<LookupReply> {
    this.calls.push('lookup');
    const peers = [...(this.topics.get(topic.toString('hex'))?.values() ?? [])];
    return fakeQuery<LookupReply>(peers.length ? [{ from: NODE, to: NODE, peers, bump: 0 }] : []);
  }
}
