/**
 * Three bars that bounce while the member speaks and lie flat while they do not; crossed out
 * when they are muted. Decorative: the row says "speaking" and "muted" in words, and those words
 * are not a live region, so a screen reader is not interrupted several times a second.
 */
export function SpeakingIndicator({ speaking, muted }: { speaking: boolean; muted: boolean }) {
  const className = ['speaking-indicator', speaking && !muted && 'is-speaking', muted && 'is-muted'].filter(Boolean).join(' ');
  return (
    <span className={className} aria-hidden="true">
      <span className="speaking-bar" />
      <span className="speaking-bar" />
      <span className="speaking-bar" />
    </span>
  );
}
