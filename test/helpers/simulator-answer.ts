import { request } from 'undici';

/** A simulator's answer as simulator tests inspect it: the exact text, and the JSON when it parses. */
export interface SimulatorAnswer<Json = unknown> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** Undefined for an empty body or one that is not JSON (tests assert on `text` then). */
  json: Json;
}

/** Sends one request to a simulator and reads the whole answer. */
export async function requestSimulator<Json = unknown>(
  url: string,
  options: { method: string; headers: Record<string, string>; body?: string | undefined },
): Promise<SimulatorAnswer<Json>> {
  const response = await request(url, {
    method: options.method as 'GET',
    headers: options.headers,
    ...(options.body === undefined ? {} : { body: options.body }),
  });
  const text = await response.body.text();
  let json: Json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined as Json;
  }
  return { status: response.statusCode, headers: response.headers, text, json };
}
