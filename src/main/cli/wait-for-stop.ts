/**
 * Resolves on the first SIGINT or SIGTERM so the command can shut down cleanly (unannounce,
 * release the profile lock); a second signal exits at once.
 */
export function waitForStop(onSecondSignal: () => void = () => process.exit(1)): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let stopping = false;
    const handler = (signal: NodeJS.Signals): void => {
      if (stopping) return onSecondSignal();
      stopping = true;
      resolve(signal);
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  });
}
