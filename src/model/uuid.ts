const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An RFC 9562-shaped uuid, in either case (the same uuid whatever case an upstream or a client writes it in). */
export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}
