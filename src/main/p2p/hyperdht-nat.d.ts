// What dht-rpc (HyperDHT's base) measures about this node's public address, for the network
// status (dht-node.ts). Merges into the declarations of hyperdht.d.ts.
declare module 'hyperdht' {
  export default interface HyperDHT {
    /** The host most replies saw us at (dht-rpc's NAT sampler); null until they agree. */
    readonly host: string | null;
    /** The port they agree on; 0 when they agree on the host only (a port per peer) or on nothing. */
    readonly port: number;
  }
}
