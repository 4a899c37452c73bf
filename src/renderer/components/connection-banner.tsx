/** Overlays the bottom of the window (never pushing the layout) while the core is out of reach. */
export function ConnectionBanner({ message }: { message: string }) {
  return (
    <div className="connection-banner" role="alert">
      <span className="spinner" aria-hidden="true" />
      {message}
    </div>
  );
}
