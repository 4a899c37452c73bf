import assert from 'node:assert/strict';

/**
 * Asks `probe` every 200 ms until it gives a value, for what the DHT makes true only after a
 * while (a record spread, a device announced); fails saying `what` did not happen within `ms`.
 */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`${what} within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
