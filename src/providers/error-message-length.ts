/**
 * Upstream error messages can be whole documents (AirOps `error_message` of any JSON type, Zaia
 * detail errors); a client gets at most this many characters of one, and the full value stays
 * in the error's `details`.
 */
const maxErrorMessageLength = 4000;

/** `message`, cut at the limit with an ellipsis when longer. */
export function limitErrorMessage(message: string): string {
  return message.length > maxErrorMessageLength ? `${message.slice(0, maxErrorMessageLength)}…` : message;
}
