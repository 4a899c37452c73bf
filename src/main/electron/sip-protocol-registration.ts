/**
 * How to register Parley as the OS handler of `sip:` links. A packaged app registers itself; in
 * development (`electron .`, where `process.defaultApp` is true) the executable is Electron, so
 * the OS must also be told which app folder to start, or it would open an empty Electron.
 */
import { resolve } from 'node:path';

export const SIP_LINK_SCHEMES = ['sip', 'sips'] as const;

export type SipProtocolClientCall = readonly [scheme: string, execPath?: string, args?: string[]];

export type ProcessFacts = {
  readonly defaultApp: boolean | undefined;
  readonly execPath: string;
  readonly argv: readonly string[];
};

/** The argument lists for `app.setAsDefaultProtocolClient`, one per scheme. */
export function sipProtocolClientCalls(facts: ProcessFacts): SipProtocolClientCall[] {
  const appFolder = facts.argv[1];
  return SIP_LINK_SCHEMES.map((scheme): SipProtocolClientCall =>
    facts.defaultApp === true && appFolder !== undefined
      ? [scheme, facts.execPath, [resolve(appFolder)]]
      : [scheme],
  );
}
