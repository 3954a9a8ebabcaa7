/** How much of a caller's text an error body repeats back. */
export const ECHO_LIMIT = 200;

/**
 * Shortens text that may carry a caller's value (a field path, a key, a message quoting
 * input) before it goes into an error body: a 200 KB value must not come back, let alone
 * twice (once in the field, once in the message).
 */
export function truncate(text: string, limit = ECHO_LIMIT): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, limit)}… (${text.length - limit} more characters)`;
}
