import { GatewayError } from '../errors/gateway-error.js';

/**
 * A read whose 404 means "no such thing": the upstream's NOT_FOUND becomes null (the contract's
 * answer for an unknown id), and every other failure stands.
 */
export async function nullWhenNotFound<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (GatewayError.is(error) && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}
