import { Icon } from './icon.js';

/** A button that copies something to the clipboard; `useClipboardCopy` gives its `onCopy`. */
export function CopyButton({ label = 'Copy', onCopy, 'data-testid': testId }: { label?: string; onCopy(): Promise<void>; 'data-testid'?: string }) {
  return (
    <button type="button" className="button" onClick={() => void onCopy()} data-testid={testId}>
      <Icon name="copy" />
      {label}
    </button>
  );
}
