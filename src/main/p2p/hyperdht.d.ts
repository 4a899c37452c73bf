// The parts of hyperdht (and its base, dht-rpc) that Parley uses; the package ships no types.
declare module 'hyperdht' {
  import type { EventEmitter } from 'node:events';

  export interface HostPort {
    host: string;
    port: number;
  }

  export interface HyperDHTOptions {
    bootstrap?: Array<string | HostPort> | false;
    keyPair?: { publicKey: Buffer; secretKey: Buffer };
    host?: string;
    /** A port, or a range [from, to) to try; HyperDHT's default is 49737–49742, then any. [0, 0] = any free port. */
    port?: number | [number, number];
    ephemeral?: boolean;
    firewalled?: boolean;
    anyPort?: boolean;
  }

  export default class HyperDHT extends EventEmitter {
    constructor(options?: HyperDHTOptions);
    static BOOTSTRAP: string[];
    static bootstrapper(port: number, host: string, options?: HyperDHTOptions): HyperDHT;
    static keyPair(seed?: Buffer): { publicKey: Buffer; secretKey: Buffer };
    readonly bootstrapped: boolean;
    readonly destroyed: boolean;
    readonly online: boolean;
    readonly degraded: boolean;
    readonly ephemeral: boolean;
    readonly firewalled: boolean;
    readonly bootstrapNodes: HostPort[];
    ready(): Promise<void>;
    fullyBootstrapped(): Promise<void>;
    address(): { host: string; port: number; family: number };
    toArray(options?: { limit?: number }): HostPort[];
    destroy(options?: { force?: boolean }): Promise<void>;
  }
}
