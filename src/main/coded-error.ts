/**
 * The shape of every fault the core throws: a stable `code` that callers and tests match on,
 * and a sentence for people (STYLE.md habit 6). Each module names its own codes by extending it.
 */
export class CodedError<Code extends string> extends Error {
  readonly code: Code;

  constructor(name: string, code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = name;
    this.code = code;
  }
}
