/**
 * Seeded pseudo-randomness for every simulator: fixtures and generated ids must come out the same
 * on every run so that tests can rely on them, hence no Math.random anywhere in the simulators.
 */

/**
 * How `uuid()` turns draws into a version-4 uuid. The simulators were written apart and each drew
 * its uuids its own way; every fixture id depends on the exact sequence, so each keeps its way.
 * - `byte-per-draw`: 16 draws of a byte, version and variant bits masked in (flows, nested).
 * - `hex-digit-per-draw`: 32 draws of a hex digit, the version digit overwritten and the variant
 *   digit masked from what was drawn (airops).
 * - `hex-digit-per-draw-then-variant-draw`: 32 draws of a hex digit, the version digit overwritten,
 *   then one more draw for the variant digit (workflow-runs).
 */
export type UuidDrawing = 'byte-per-draw' | 'hex-digit-per-draw' | 'hex-digit-per-draw-then-variant-draw';

export interface SeededRandomOptions {
  uuidDrawing: UuidDrawing;
  /** The state a seed of 0 starts from instead (workflow-runs never starts from an all-zero state). */
  zeroSeedReplacement?: number;
}

const base62Alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export class SeededRandom {
  #state: number;
  readonly #uuidDrawing: UuidDrawing;

  constructor(seed: number, options: SeededRandomOptions) {
    const state = seed >>> 0;
    this.#state = state === 0 && options.zeroSeedReplacement !== undefined ? options.zeroSeedReplacement >>> 0 : state;
    this.#uuidDrawing = options.uuidDrawing;
  }

  /** A float in [0, 1) (mulberry32: small, fast and good enough for fixtures). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let value = this.#state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both ends included. */
  integer(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** A float with at most `digits` decimals in [0, max). */
  decimal(max: number, digits: number): number {
    const scale = 10 ** digits;
    return Math.floor(this.next() * max * scale) / scale;
  }

  /** `length` characters of 0-9, A-Z and a-z. */
  base62(length: number): string {
    let text = '';
    for (let index = 0; index < length; index++) text += base62Alphabet[Math.floor(this.next() * 62)];
    return text;
  }

  /** A version-4 uuid, lower-case and hyphenated (36 characters), drawn as `uuidDrawing` says. */
  uuid(): string {
    return hyphenated(this.#uuidDrawing === 'byte-per-draw' ? this.#uuidHexByBytes() : this.#uuidHexByDigits());
  }

  #uuidHexByBytes(): string {
    const bytes = Array.from({ length: 16 }, () => Math.floor(this.next() * 256));
    bytes[6] = (bytes[6]! & 0x0f) | 0x40;
    bytes[8] = (bytes[8]! & 0x3f) | 0x80;
    return bytes.map((byte) => byte.toString(16).padStart(2, '0')).join('');
  }

  #uuidHexByDigits(): string {
    const digits = Array.from({ length: 32 }, () => Math.floor(this.next() * 16));
    digits[12] = 4;
    digits[16] = this.#uuidDrawing === 'hex-digit-per-draw' ? (digits[16]! & 0x3) | 0x8 : Math.floor(this.next() * 4) + 8;
    return digits.map((digit) => digit.toString(16)).join('');
  }
}

function hyphenated(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
