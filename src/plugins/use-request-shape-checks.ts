import type { Plugin } from 'graphql-yoga';
import { errorBody } from '../server/error-answer.js';

const supportedContentTypes = ['application/json', 'application/graphql-response+json', 'application/graphql+json', 'application/x-www-form-urlencoded'];

/**
 * Requests Yoga would answer badly: a GET whose `variables` or `extensions` query parameter
 * is not JSON (Yoga: HTTP 500), and a POST in a content type GraphQL does not speak (Yoga: an
 * empty 415). Both are the client's mistake and get a JSON error with BAD_USER_INPUT.
 */
export function useRequestShapeChecks(): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method === 'POST') {
        const contentType = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
        if (!supportedContentTypes.includes(contentType)) {
          endResponse(clientError(fetchAPI, 415, `Unsupported content type "${contentType.slice(0, 100)}": send application/json`));
        }
        return;
      }
      if (request.method !== 'GET' || url.search === '') return;
      for (const name of ['variables', 'extensions']) {
        const value = url.searchParams.get(name);
        if (value === null || value === '') continue;
        if (!isJsonObject(value)) {
          endResponse(clientError(fetchAPI, 400, `The "${name}" query parameter must be a JSON object`));
          return;
        }
      }
    },
  };
}

function clientError(fetchAPI: { Response: typeof Response }, status: number, message: string): Response {
  return new fetchAPI.Response(errorBody('BAD_USER_INPUT', message), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return value === null || (typeof value === 'object' && !Array.isArray(value));
  } catch {
    return false;
  }
}
