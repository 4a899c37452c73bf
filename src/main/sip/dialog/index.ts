/**
 * Dialogs (RFC 3261 §12) as data and pure functions: what the UA core keeps per dialog and how
 * requests inside one are built and checked. No I/O, no clock.
 */
export { type Dialog, type DialogRole, type DialogState, DIALOG_MOVES, transitionDialog, withoutParams } from './dialog.js';
export { type DialogId, type DialogKey, dialogKey, dialogIdOfRequest, dialogIdOfResponse, sameDialogId } from './dialog-id.js';
export { SipDialogError, type SipDialogErrorCode, type DialogResult } from './dialog-error.js';
export { createUacDialog, createUasDialog, contactTarget } from './create-dialog.js';
export { routeSetFromRecordRoute, routeRequest, isLooseRoute, type DialogRouting } from './route-set.js';
export { buildInDialogRequest, buildAckFor2xx, type InDialogRequestInit } from './in-dialog-request.js';
export {
  TARGET_REFRESH_METHODS,
  receiveInDialogRequest,
  refreshRemoteTarget,
  confirmUacDialog,
  updateEarlyDialog,
  type InDialogCheck,
} from './receive-in-dialog.js';
