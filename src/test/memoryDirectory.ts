/**
 * An in-memory folder with the parts of the origin-private file system's API that
 * jobs/persist uses (jsdom has none; the real one runs in e2e/workspace.spec.ts). A quota, when
 * given, is enforced on close as Chromium does: QuotaExceededError and the old content kept.
 */

interface Quota {
  bytes: number;
  used: () => number;
}

class MemoryFile {
  readonly kind = 'file';
  data = new Blob([]);
  constructor(
    readonly name: string,
    private readonly quota: Quota | null,
  ) {}

  async getFile(): Promise<File> {
    return new File([this.data], this.name);
  }

  async createWritable() {
    const parts: Blob[] = [];
    let closed = false;
    return {
      write: async (b: Blob) => void parts.push(b),
      abort: async () => void (closed = true),
      close: async () => {
        if (closed) throw new TypeError('closed');
        const next = new Blob(parts);
        if (this.quota && this.quota.used() - this.data.size + next.size > this.quota.bytes)
          throw new DOMException('quota exceeded', 'QuotaExceededError');
        this.data = next;
        closed = true;
      },
    };
  }
}

export class MemoryDirectory {
  readonly kind = 'directory';
  private readonly entries = new Map<string, MemoryFile | MemoryDirectory>();
  constructor(
    readonly name = '',
    private readonly quota: Quota | null = null,
  ) {}

  /** A root folder allowing `quotaBytes` in all (Infinity: no limit). */
  static root(quotaBytes = Infinity): MemoryDirectory {
    const q: Quota = { bytes: quotaBytes, used: () => dir.size() };
    const dir = new MemoryDirectory('', q);
    return dir;
  }

  size(): number {
    let n = 0;
    for (const e of this.entries.values()) n += e instanceof MemoryFile ? e.data.size : e.size();
    return n;
  }

  private get<T>(name: string, create: boolean, make: () => T, want: string): T {
    const e = this.entries.get(name);
    if (e) {
      if (e.kind !== want) throw new DOMException(`${name} is not a ${want}`, 'TypeMismatchError');
      return e as T;
    }
    if (!create) throw new DOMException(`${name} not found`, 'NotFoundError');
    const made = make();
    this.entries.set(name, made as MemoryFile | MemoryDirectory);
    return made;
  }

  async getDirectoryHandle(name: string, opts: { create?: boolean } = {}) {
    return this.get(name, !!opts.create, () => new MemoryDirectory(name, this.quota), 'directory');
  }

  async getFileHandle(name: string, opts: { create?: boolean } = {}) {
    return this.get(name, !!opts.create, () => new MemoryFile(name, this.quota), 'file');
  }

  async removeEntry(name: string) {
    if (!this.entries.delete(name)) throw new DOMException(`${name} not found`, 'NotFoundError');
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<[string, MemoryFile | MemoryDirectory]> {
    yield* [...this.entries.entries()];
  }

  /** Test helper: the file's bytes replaced (a kept file damaged on disk). */
  async overwrite(path: string[], data: BlobPart[]): Promise<void> {
    const folders = path.slice(0, -1);
    let d = folders.length ? await this.getDirectoryHandle(folders[0]) : this;
    for (const p of folders.slice(1)) d = await d.getDirectoryHandle(p);
    (await d.getFileHandle(path[path.length - 1], { create: true })).data = new Blob(data);
  }
}
