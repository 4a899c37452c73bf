/**
 * The transferee's side of a blind transfer (RFC 3515 §2.4.2–2.4.5, RFC 5589 §6): the REFER is
 * accepted (202 and `100 Trying` at once), the new call is placed, and its fate goes back to the
 * transferor as the last NOTIFY — `200 OK` once it is answered, its failure status otherwise.
 * Which endpoint places the call, and what happens to the original call, are the caller's.
 */
import type { IncomingRefer } from '../sip/ua/index.js';
import type { SipCall } from './sip-call.js';
import { failedCallStatus, placementFailureStatus, type ReferTarget } from './transfer-decisions.js';

export interface TransfereeHooks {
  /** Places the call the REFER asks for. */
  place(target: ReferTarget): Promise<SipCall>;
  /** Whether the dialog still carries NOTIFYs (the transferor may have hung up meanwhile). */
  reportable(): boolean;
  /** The new call was answered. */
  succeeded(call: SipCall): void;
  /** The new call failed or could not be placed; the original call goes on. */
  failed(status: number): void;
  log(line: string): void;
}

/** Accepts `refer` (already judged acceptable) and carries it out. */
export function carryOutTransfer(refer: IncomingRefer, target: ReferTarget, hooks: TransfereeHooks): void {
  refer.accept();
  const report = (status: number): void => {
    if (refer.state !== 'accepted' || !hooks.reportable()) return;
    try {
      refer.notify(status);
    } catch (error) {
      hooks.log(`parley: the transfer's NOTIFY ${status} could not be sent: ${(error as Error).message}`);
    }
  };
  const fail = (status: number): void => {
    report(status);
    hooks.failed(status);
  };
  hooks.place(target).then(
    (call) => {
      if (call.state === 'established') return answered(call);
      if (call.state === 'ended') return fail(500);
      call.on('established', () => answered(call));
      call.on('ended', ({ status }) => {
        if (call.establishedAt === undefined) fail(failedCallStatus(status));
      });
    },
    (error: unknown) => {
      hooks.log(`parley: placing the transferred call to ${target.uri.slice(0, 200)} failed: ${(error as Error).message}`);
      fail(placementFailureStatus(error));
    },
  );

  function answered(call: SipCall): void {
    report(200);
    hooks.succeeded(call);
  }
}
