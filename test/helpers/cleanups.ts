/**
 * What a test sets up as it goes (endpoints, media processes, players, a removed sink) and must
 * undo whether it passes or fails: each step is registered right after what it undoes.
 */
export class Cleanups {
  readonly #steps: Array<() => Promise<void> | void> = [];

  push(step: () => Promise<void> | void): void {
    this.#steps.push(step);
  }

  /** Runs `body`, then every step registered meanwhile, last first. */
  async around(body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } finally {
      for (const step of this.#steps.splice(0).reverse()) await step();
    }
  }
}
