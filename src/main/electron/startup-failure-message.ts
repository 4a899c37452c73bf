/** The words of the dialog shown when the core cannot start, so a person knows what to try. */
export type StartupFailureMessage = { readonly title: string; readonly content: string };

export function startupFailureMessage(error: unknown, dataDir: string): StartupFailureMessage {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    title: 'Parley could not start',
    content: [
      `The Parley core failed to start: ${reason}`,
      '',
      `Data folder: ${dataDir}`,
      '',
      'If another Parley is using this data folder, close it first, or start Parley with --data DIR to use another folder.',
    ].join('\n'),
  };
}
