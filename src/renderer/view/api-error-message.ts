import { isCommandName, type ApiError } from '../../shared/api-contract.js';

function sentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return trimmed;
  const capitalised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?…]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/**
 * An API error as a sentence for a person. The core's BAD_ARGUMENT messages read
 * `setDisplayName: displayName: a display name cannot be empty`; the command and field prefixes
 * say nothing to someone who just typed into that field, so they go.
 */
export function apiErrorMessage(error: ApiError): string {
  let message = error.message;
  const prefix = /^([A-Za-z]\w*): /.exec(message);
  if (prefix && isCommandName(prefix[1])) message = message.slice(prefix[0].length);
  if (error.code === 'BAD_ARGUMENT') {
    message = message
      .split('; ')
      .map((issue) => issue.replace(/^[A-Za-z_$][\w$]*(?:\.[\w$]+)*: /, ''))
      .join('; ');
  }
  return sentence(message) || sentence(error.code.toLowerCase().replaceAll('_', ' '));
}
