/** The CORS policy handed to Yoga (`cors` option), which the lean path must apply the same way. */
export interface CorsPolicy {
  origin: string | string[];
  credentials: boolean;
  allowedHeaders: string[];
  methods: string[];
}

/**
 * The CORS headers Yoga (whatwg-node's useCORS) adds to a response, for the policies this
 * gateway configures: none without an Origin header; one configured origin is always named;
 * several are matched against the request (`null` when it is not among them); `*` echoes the
 * caller's origin.
 */
export function corsHeaders(policy: CorsPolicy | false, origin: string | undefined): Record<string, string> {
  if (policy === false || origin === undefined) return {};
  const headers: Record<string, string> = {};
  const allowed = policy.origin;
  if (allowed.length === 0 || allowed.includes('*')) {
    headers['access-control-allow-origin'] = origin;
    headers.vary = 'Origin';
  } else if (typeof allowed === 'string') {
    headers['access-control-allow-origin'] = allowed;
  } else if (allowed.length === 1) {
    headers['access-control-allow-origin'] = allowed[0]!;
  } else if (allowed.includes(origin)) {
    headers['access-control-allow-origin'] = origin;
    headers.vary = 'Origin';
  } else {
    headers['access-control-allow-origin'] = 'null';
  }
  if (policy.methods.length > 0) headers['access-control-allow-methods'] = policy.methods.join(', ');
  if (policy.allowedHeaders.length > 0) headers['access-control-allow-headers'] = policy.allowedHeaders.join(', ');
  if (policy.credentials) headers['access-control-allow-credentials'] = 'true';
  return headers;
}
