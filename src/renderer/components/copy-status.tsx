import type { CopyOutcome } from '../view/copy-text.js';
import { Icon } from './icon.js';

type Props = {
  outcome: CopyOutcome | null;
  /** What to do when the browser refused the clipboard: the text is selected, press the shortcut. */
  refusedHint: string;
  /** Classes besides `copy-status`. */
  className?: string;
  'data-testid'?: string;
};

/** The line that says how a copy went; always there (a live region), so it never moves what follows. */
export function CopyStatus({ outcome, refusedHint, className, 'data-testid': testId }: Props) {
  return (
    <p className={className === undefined ? 'copy-status' : `copy-status ${className}`} role="status" data-testid={testId}>
      {outcome === 'copied' && (
        <span className="copy-status-ok">
          <Icon name="check" />
          Copied
        </span>
      )}
      {outcome === 'refused' && refusedHint}
    </p>
  );
}
