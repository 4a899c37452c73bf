/** A stand-in for the core's `ParleyNode`: a real `ApiService` over an in-memory core, no DHT. */
import type { ApiService } from '../../../../src/main/api/api-service.js';
import { createTestApi } from '../test-api.js';

export type StartOptions = { dataDir: string; shell: 'electron' | 'browser'; mediaProcess?: (modulePath: string) => unknown };

export class ParleyNode {
  static readonly started: ParleyNode[] = [];
  static failWith: Error | undefined;
  readonly core = createTestApi();
  closed = 0;

  private constructor(readonly options: StartOptions) {}

  static async start(options: StartOptions): Promise<ParleyNode> {
    if (ParleyNode.failWith) throw ParleyNode.failWith;
    const node = new ParleyNode(options);
    ParleyNode.started.push(node);
    return node;
  }

  get api(): ApiService {
    return this.core.api;
  }

  get uri(): string {
    return 'sip:alice@parley.invalid';
  }

  /** As the real node: the link waits in the core until a UI takes it, and the UIs are told. */
  requestDial(uri: string): void {
    this.core.core.pendingDials.push(uri);
    this.api.emit('dialRequested', { uri });
  }

  async close(): Promise<void> {
    this.closed++;
  }

  static reset(): void {
    ParleyNode.started.length = 0;
    ParleyNode.failWith = undefined;
  }
}
