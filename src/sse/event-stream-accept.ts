/** Result formats Yoga can answer besides the event stream. */
const otherFormats = ['application/graphql-response+json', 'application/json', 'multipart/mixed'];

/**
 * Whether a request asks for GraphQL over SSE and for nothing Yoga could answer instead. Yoga
 * picks the format per result: a request that also accepts JSON (or `*` `/` `*`) gets an error
 * result as JSON, not as an event stream, so only an Accept that leaves SSE as the one choice
 * may take the lean path. The header is read as Yoga reads it: utf-8 only, parameters ignored.
 */
export function acceptsOnlyEventStream(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  let eventStream = false;
  for (const entry of accept.replace(/\s/g, '').toLowerCase().split(',')) {
    const [mediaType, ...parameters] = entry.split(';');
    if (mediaType === undefined) continue;
    const charset = parameters.find((parameter) => parameter.includes('charset=')) ?? 'charset=utf-8';
    if (charset !== 'charset=utf-8') continue;
    if (mediaType === 'text/event-stream') eventStream = true;
    else if (otherFormats.some((format) => matchesMediaType(format, mediaType))) return false;
  }
  return eventStream;
}

/** `asked` may hold wildcards (`application/*`, `*` `/` `*`), as in Yoga's matching. */
function matchesMediaType(format: string, asked: string): boolean {
  const [askedType, askedSubtype] = asked.split('/');
  const [type, subtype] = format.split('/');
  return (askedType === '*' || askedType === type) && (askedSubtype === '*' || askedSubtype === subtype);
}
