/**
 * FNV-1a (32 bits): a stable hash of a text, so that choices derived from a record's id (listing
 * order, failure messages, sub-millisecond digits) come out the same on every read and every run.
 */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
