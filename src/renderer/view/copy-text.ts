/** The part of `navigator.clipboard` used; absent outside a secure context. */
export type ClipboardWriter = { writeText(text: string): Promise<void> };

export type CopyOutcome = 'copied' | 'refused';

/** Copies `text`; `refused` when there is no clipboard or the browser denies it (no permission, no focus). */
export async function copyText(text: string, clipboard: ClipboardWriter | undefined): Promise<CopyOutcome> {
  if (!clipboard) return 'refused';
  try {
    await clipboard.writeText(text);
    return 'copied';
  } catch {
    return 'refused';
  }
}
