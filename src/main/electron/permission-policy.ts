/**
 * Which web permissions the renderer gets: the microphone (`media`, audio only: Parley has no
 * video) and notifications (incoming calls, voicemail), and only for the app's own page.
 * Everything else — camera, geolocation, clipboard reads, HID, serial… — is denied.
 */
import { isAppPageUrl } from './navigation-policy.js';

export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['media', 'notifications']);

export type PermissionQuery = {
  readonly permission: string;
  /** The URL of the frame that asks; missing when Electron does not know it. */
  readonly requestingUrl: string | undefined;
  /** For `media`: what is asked for (`audio`, `video`, or `unknown` in permission checks). */
  readonly mediaTypes?: readonly string[];
};

export function isPermissionGranted(query: PermissionQuery, indexUrl: string): boolean {
  if (!GRANTED_PERMISSIONS.has(query.permission)) return false;
  if (query.requestingUrl === undefined || !isAppPageUrl(query.requestingUrl, indexUrl)) return false;
  if (query.permission === 'media') return (query.mediaTypes ?? []).every((type) => type === 'audio');
  return true;
}
