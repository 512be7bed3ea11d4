/**
 * The media types of an Accept header as Yoga reads them (its getMediaTypesForRequestInOrder):
 * whitespace dropped, lower case, parameters ignored except a charset, which must be utf-8
 * (entries in another charset are skipped); absent means `*` `/` `*`. In the header's order.
 */
export function acceptedMediaTypes(accept: string | undefined): string[] {
  const mediaTypes: string[] = [];
  for (const entry of (accept || '*/*').replace(/\s/g, '').toLowerCase().split(',')) {
    const [mediaType, ...parameters] = entry.split(';');
    if (mediaType === undefined) continue;
    const charset = parameters.find((parameter) => parameter.includes('charset=')) ?? 'charset=utf-8';
    if (charset === 'charset=utf-8') mediaTypes.push(mediaType);
  }
  return mediaTypes;
}

/** `asked` may hold wildcards (`application/*`, `*` `/` `*`), as in Yoga's matching. */
export function matchesMediaType(format: string, asked: string): boolean {
  const [askedType, askedSubtype] = asked.split('/');
  const [type, subtype] = format.split('/');
  return (askedType === '*' || askedType === type) && (askedSubtype === '*' || askedSubtype === subtype);
}

const jsonFormats = ['application/graphql-response+json', 'application/json'] as const;

export type JsonMediaType = (typeof jsonFormats)[number];

/**
 * The JSON format Yoga answers a single result in, for this Accept header; undefined when it
 * would answer none of them (an event stream, multipart, or 406). Yoga's result processors set
 * the format for every match and the last one set wins: it walks the header's types from last
 * to first and, for each, the JSON formats in the order above, and its JSON processor comes
 * after the stream ones, so any JSON match beats them.
 */
export function jsonResponseMediaType(accept: string | undefined): JsonMediaType | undefined {
  const asked = acceptedMediaTypes(accept);
  for (const mediaType of asked) {
    for (let index = jsonFormats.length - 1; index >= 0; index--) {
      if (matchesMediaType(jsonFormats[index]!, mediaType)) return jsonFormats[index];
    }
  }
  return undefined;
}
