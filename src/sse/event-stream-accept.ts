import { acceptedMediaTypes, matchesMediaType } from '../server/accept-header.js';

/** Result formats Yoga can answer besides the event stream. */
const otherFormats = ['application/graphql-response+json', 'application/json', 'multipart/mixed'];

/**
 * Whether a request asks for GraphQL over SSE and for nothing Yoga could answer instead. Yoga
 * picks the format per result: a request that also accepts JSON (or `*` `/` `*`) gets an error
 * result as JSON, not as an event stream, so only an Accept that leaves SSE as the one choice
 * may take the lean path. The header is read as Yoga reads it (acceptedMediaTypes).
 */
export function acceptsOnlyEventStream(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  let eventStream = false;
  for (const mediaType of acceptedMediaTypes(accept)) {
    if (mediaType === 'text/event-stream') eventStream = true;
    else if (otherFormats.some((format) => matchesMediaType(format, mediaType))) return false;
  }
  return eventStream;
}
