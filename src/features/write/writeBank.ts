/**
 * The Write view's retrieval bank: the demo val + OOD sentences plus the user's own sentences, which
 * stay in the bank until reload. Rows are unit vectors; the key changes whenever the bank grows, so
 * the retrieval worker gets the new bank.
 */
import type { Dataset } from '../../data/types';
import type { BankRef } from '../../engine/retrieval';
import { normalizeRows } from '../../metrics/cosine';

export type BankSource = 'val' | 'ood' | 'you';

export class WriteBank {
  private base: { vectors: Float32Array; texts: string[]; source: BankSource[] } | null = null;
  private user: { text: string; vector: Float32Array }[] = [];
  private userIndex = new Map<string, number>();
  private cached: BankRef | null = null;
  private serial = 0;

  constructor(readonly dim: number) {}

  /** Sets the demo part from stream datasets with texts (rows re-normalised: stored as fp16). */
  setBase(parts: { dataset: Dataset; source: BankSource }[]): void {
    const ok = parts.filter((p) => p.dataset.dim === this.dim && p.dataset.bank.texts);
    const total = ok.reduce((s, p) => s + p.dataset.bank.count, 0);
    const vectors = new Float32Array(total * this.dim);
    const texts: string[] = [];
    const source: BankSource[] = [];
    let at = 0;
    for (const { dataset, source: src } of ok) {
      const { count } = dataset.bank;
      vectors.set(normalizeRows(dataset.bank.vectors, count, this.dim), at * this.dim);
      texts.push(...dataset.bank.texts!.slice(0, count));
      source.push(...Array<BankSource>(count).fill(src));
      at += count;
    }
    this.base = { vectors, texts, source };
    this.cached = null;
  }

  get baseCount(): number {
    return this.base?.texts.length ?? 0;
  }

  get count(): number {
    return this.baseCount + this.user.length;
  }

  /** Adds the user's sentences (unit vectors [n, dim]); known texts are skipped. */
  addUser(texts: string[], vectors: Float32Array): void {
    texts.forEach((text, i) => {
      if (this.userIndex.has(text)) return;
      this.userIndex.set(text, this.baseCount + this.user.length);
      this.user.push({ text, vector: vectors.slice(i * this.dim, (i + 1) * this.dim) });
      this.cached = null;
    });
  }

  /** Bank index of a user sentence, or -1 when it is not in the bank. */
  userRow(text: string): number {
    return this.userIndex.get(text) ?? -1;
  }

  text(index: number): string {
    return index < this.baseCount
      ? this.base!.texts[index]
      : this.user[index - this.baseCount].text;
  }

  source(index: number): BankSource {
    return index < this.baseCount ? this.base!.source[index] : 'you';
  }

  vector(index: number): Float32Array {
    const d = this.dim;
    return index < this.baseCount
      ? this.base!.vectors.subarray(index * d, (index + 1) * d)
      : this.user[index - this.baseCount].vector;
  }

  /** The whole bank for the retrieval worker (rebuilt only after it changed). */
  ref(): BankRef {
    if (!this.cached) {
      const d = this.dim;
      const vectors = new Float32Array(this.count * d);
      if (this.base) vectors.set(this.base.vectors);
      this.user.forEach((u, i) => vectors.set(u.vector, (this.baseCount + i) * d));
      this.cached = { key: `write#${++this.serial}`, vectors, count: this.count, dim: d };
    }
    return this.cached;
  }
}
