/** One load's memory budget: every file of the load and every array an archive unpacks count against it. */
import { fail, formatBytes } from './errors';

/** Bytes one load may hold in memory, summed over all its files (default 1 GB). */
export class LoadBudget {
  private used = 0;

  constructor(readonly limit: number) {}

  /** Counts `bytes` for `what` in `file`; refuses, before anything is allocated, past the limit. */
  take(bytes: number, file: string, what: string): void {
    const total = this.used + bytes;
    if (!Number.isSafeInteger(bytes) || bytes < 0 || total > this.limit)
      fail(
        file,
        'too-large',
        `at most ${formatBytes(this.limit)} for the whole load`,
        `${what}: ${formatBytes(bytes)}, after ${formatBytes(this.used)} already counted`,
        `${file}: ${what} would bring this load to ${formatBytes(total)}, over its ${formatBytes(this.limit)} limit (refused before unpacking)`,
      );
    this.used = total;
  }
}
