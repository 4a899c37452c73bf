import type { MediaWorkerHost } from '../media/index.js';
import type { UserAgentCore } from '../sip/ua/index.js';
import type { MediaTuning } from './call-media.js';

/** What answering and placing a call need from the endpoint that owns them. */
export interface CallContext {
  readonly ua: UserAgentCore;
  /** Our address in SDP (c=) and where media sessions bind. */
  readonly mediaHost: string;
  /** The endpoint's media worker, started on first use. */
  media(): MediaWorkerHost;
  /** Options every media session of the endpoint gets (loss injection for tests). */
  readonly mediaTuning?: MediaTuning;
  log(line: string): void;
}
