import type { Contact } from '../../shared/api-contract.js';
import { isRinging, type CallEntry } from '../state/calls-state.js';
import { callParty, partyLabel } from './caller-view.js';

/**
 * A call's place among several. One call is `active` (the one the user talks in); the core puts
 * it on hold when another is answered or placed, so the others are `held`. `connecting` calls
 * are being placed. `live` is the short moment of a swap when a second call is up and not held
 * yet, before the core's hold of the first arrives.
 */
export type CallSlot = 'active' | 'held' | 'connecting' | 'live';

export type CallListItem = {
  entry: CallEntry;
  slot: CallSlot;
  /** The party, as the panel names them. */
  label: string;
  /** For a held call while another is active: resuming it swaps, and this call goes on hold. */
  swapsWith: { callId: string; label: string } | null;
};

export type CallListView = {
  /** The calls in the section, oldest first (the order never changes under the user). */
  items: readonly CallListItem[];
  activeCallId: string | null;
  heldCount: number;
  /** `2 calls · 1 on hold`, or null with fewer than two calls. */
  summary: string | null;
};

/** Established calls we have not held: the one established last is the active one. */
function pickActive(shown: readonly CallEntry[]): CallEntry | null {
  let active: CallEntry | null = null;
  for (const entry of shown) {
    const { view } = entry;
    if (view.state !== 'established' || view.localHold) continue;
    if (active === null || (view.establishedAt ?? 0) >= (active.view.establishedAt ?? 0)) active = entry;
  }
  return active;
}

/** The calls section's view of every call in progress (ringing ones are in the ringing panel). */
export function callListView(calls: readonly CallEntry[], contacts: readonly Contact[]): CallListView {
  const shown = calls.filter((entry) => entry.view.state !== 'ended' && !isRinging(entry.view));
  const active = pickActive(shown);
  const label = (entry: CallEntry) => partyLabel(callParty(entry.view, contacts));
  const activeSwap = active === null ? null : { callId: active.view.callId, label: label(active) };
  const items = shown.map((entry): CallListItem => {
    const { view } = entry;
    const slot: CallSlot =
      view.state !== 'established' ? 'connecting' : entry === active ? 'active' : view.localHold ? 'held' : 'live';
    return { entry, slot, label: label(entry), swapsWith: slot === 'held' ? activeSwap : null };
  });
  const heldCount = items.filter((item) => item.slot === 'held').length;
  const summary =
    items.length < 2 ? null : `${items.length} calls${heldCount > 0 ? ` · ${heldCount} on hold` : ''}`;
  return { items, activeCallId: active?.view.callId ?? null, heldCount, summary };
}

/**
 * Who the active call is with, for the hints beside Answer and Call: the core puts that call on
 * hold before it answers or places another. Null when no call is active.
 */
export function activeCallLabel(list: CallListView): string | null {
  return list.items.find((item) => item.slot === 'active')?.label ?? null;
}
