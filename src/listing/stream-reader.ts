import type { ExecutionRecord } from '../model/execution-record.js';
import type { CallOptions, ListFilter } from '../providers/provider.js';
import type { ProviderWith } from '../providers/require-operation.js';
import type { StreamResume } from './listing-cursor.js';
import { matchesFilter } from './listing-scope.js';
import { compareMergeOrder, isAfter, mergeKeyOf, type KeyedRecord, type MergeKey } from './merge-order.js';

/** A native page this request read, and how many of its records are not consumed yet. */
interface ReadPage {
  /** The position the page was requested at (where a later request re-reads it). */
  position: unknown;
  unconsumed: number;
}

interface BufferedRecord extends KeyedRecord {
  page: ReadPage;
}

/** One input of the k-way merge: a provider's native stream (an AirOps app, a Cortex workflow, a whole upstream). */
export class StreamReader {
  readonly provider: ProviderWith<'list'>;
  readonly stream: string;
  /** `provider:stream`, unique across providers (names cannot contain `:`). */
  readonly id: string;
  readonly pageSize: number;
  /** Set when a read of this stream failed; it then takes no further part in this request. */
  failed = false;
  #next: unknown;
  #exhausted: boolean;
  /** Unconsumed records, in merge order. */
  #buffer: BufferedRecord[] = [];
  #pages: ReadPage[] = [];
  /**
   * createdAt of the last record of the last page read (+∞ before the first page). A native
   * stream is newest first, so whatever it has not returned yet is no newer than this. The last
   * record rather than the oldest one seen: a record whose createdAt reads lower than where the
   * upstream ranks it (Cortex sends some dates without a time, read as midnight) must not make
   * the rest of the stream look older than it is; it just waits in the buffer for its turn.
   */
  #frontier = Number.POSITIVE_INFINITY;
  /** Records that arrived newer than the frontier the stream had already reached (the upstream broke its order). */
  outOfOrder = 0;

  constructor(provider: ProviderWith<'list'>, stream: string, resume: StreamResume) {
    this.provider = provider;
    this.stream = stream;
    this.id = streamId(provider.name, stream);
    this.pageSize = resume.pageSize;
    this.#next = resume.position;
    this.#exhausted = false;
  }

  /** The next record in merge order among those read, if any. */
  head(): KeyedRecord | undefined {
    return this.#buffer[0];
  }

  /** True when the stream has nothing more to give in this request. */
  get done(): boolean {
    return this.failed || (this.#exhausted && this.#buffer.length === 0);
  }

  /**
   * True when this stream may still hold a record that comes before `createdAt` (or ties with
   * it) but has not been read: then nothing at `createdAt` may be emitted before reading on.
   */
  mayHold(createdAt: number): boolean {
    return !this.failed && !this.#exhausted && createdAt <= this.#frontier;
  }

  /**
   * True when a record already read comes after `key` and matches: enough to know a next page
   * exists, whatever the order among streams (one more record read ahead is the common case).
   */
  holdsMatch(key: MergeKey | null, filter: ListFilter): boolean {
    return !this.failed && this.#buffer.some((buffered) => isAfter(buffered.key, key) && matchesFilter(buffered.record, filter));
  }

  /** Takes the head record out of the buffer. */
  consume(): KeyedRecord {
    const head = this.#buffer.shift();
    if (!head) throw new Error(`stream ${this.id} has nothing buffered`);
    head.page.unconsumed -= 1;
    return head;
  }

  /** Reads the next native page; the records go to `observe` as they arrive. */
  async readPage(filter: ListFilter, options: CallOptions, observe: (record: ExecutionRecord) => void): Promise<void> {
    const position = this.#next;
    const page = await this.provider.operations.list.page({ ...filter, stream: this.stream, pageSize: this.pageSize, position }, options);
    const read: ReadPage = { position, unconsumed: 0 };
    const arrived: BufferedRecord[] = [];
    const reached = this.#frontier;
    for (const record of page.records) {
      const key = mergeKeyOf(record);
      if (!Number.isFinite(key.createdAt)) continue;
      observe(record);
      arrived.push({ record, key, page: read });
      if (key.createdAt > reached) this.outOfOrder += 1;
    }
    const last = arrived.at(-1);
    if (last && last.key.createdAt < this.#frontier) this.#frontier = last.key.createdAt;
    read.unconsumed = arrived.length;
    this.#pages.push(read);
    this.#next = page.next;
    this.#exhausted = page.next === null || page.next === undefined;
    this.#buffer = this.#buffer.concat(arrived).sort((left, right) => compareMergeOrder(left.key, right.key));
  }

  /**
   * Where a later request resumes this stream: the first page that still holds an unconsumed
   * record (re-read, its consumed records are skipped by key), else the next native page;
   * null once the stream was read to its end.
   */
  resume(): StreamResume | null {
    const pending = this.#pages.find((page) => page.unconsumed > 0);
    if (pending) return { position: pending.position, pageSize: this.pageSize };
    if (this.#exhausted && !this.failed) return null;
    return { position: this.#next, pageSize: this.pageSize };
  }
}

export function streamId(provider: string, stream: string): string {
  return `${provider}:${stream}`;
}
