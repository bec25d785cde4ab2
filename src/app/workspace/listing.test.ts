import { describe, expect, it } from 'vitest';
import {
  itemSignature,
  listingOfFile,
  parseListing,
  sameOriginUrl,
  takeNew,
  type Listing,
} from './listing';

const PAGE = 'http://127.0.0.1:5199/?open=/workspace/index.json';
const f = (name: string, mtime = 1) => ({
  name,
  url: `/workspace/files/0/${name}`,
  size: 3,
  mtime,
});
const listing = (items: unknown[], watch = true) => ({
  format: 'lvm-lens-workspace',
  version: 1,
  watch,
  items,
});

describe('workspace listing', () => {
  it('reads items with their files resolved on the page origin', () => {
    const l = parseListing(
      listing([{ kind: 'model', name: 'a.onnx', files: [f('a.onnx')] }]),
      '/workspace/index.json',
      PAGE,
    );
    expect(l.watch).toBe(true);
    expect(l.items[0].files[0].url).toBe('http://127.0.0.1:5199/workspace/files/0/a.onnx');
  });

  it.each([
    ['not a listing', { items: [] }, /expected a workspace listing .* found format undefined/],
    ['a bad kind', listing([{ kind: 'script', name: 'x', files: [] }]), /item 0 is not/],
    [
      'a bad file',
      listing([{ kind: 'data', name: 'x', files: [{ name: 'x' }] }]),
      /\{name, url, size, mtime\}/,
    ],
    [
      'a file elsewhere',
      listing([{ kind: 'data', name: 'x', files: [{ ...f('x'), url: 'https://evil.example/x' }] }]),
      /another site/,
    ],
  ])('refuses %s', (_, json, message) => {
    expect(() => parseListing(json, '/workspace/index.json', PAGE)).toThrow(message);
  });

  it('opens only its own origin', () => {
    expect(sameOriginUrl('/workspace/index.json', PAGE).pathname).toBe('/workspace/index.json');
    expect(() => sameOriginUrl('http://127.0.0.1:8000/w.json', PAGE)).toThrow(
      '?open= names http://127.0.0.1:8000, another site',
    );
  });

  it('reads a link to one file as a listing of that file; a .json is taken for a listing', () => {
    const exts = ['.npy', '.npz', '.json'];
    const at = (p: string) => listingOfFile(new URL(p, PAGE), exts);
    expect(at('/runs/my%20model.onnx')!.items).toEqual([
      {
        kind: 'model',
        name: 'my model.onnx',
        files: [
          {
            name: 'my model.onnx',
            url: 'http://127.0.0.1:5199/runs/my%20model.onnx',
            size: 0,
            mtime: 0,
          },
        ],
      },
    ]);
    expect(at('/data/v.NPZ')!.items[0].kind).toBe('data');
    expect(at('/workspace/index.json')).toBeNull();
    expect(at('/notes.html')).toBeNull();
  });

  it('hands out each item once, and again when a file of it is rewritten', () => {
    const seen = new Set<string>();
    const at = (mtime: number): Listing =>
      parseListing(
        listing([
          { kind: 'data', name: 'v', files: [f('v.npy'), f('v.txt')] },
          { kind: 'model', name: 'e1', files: [f('e1.onnx')] },
          { kind: 'model', name: 'e2', files: [f('e2.onnx', mtime)] },
        ]),
        'w',
        PAGE,
      );
    expect(takeNew(at(1), seen).map((i) => i.name)).toEqual(['v', 'e1', 'e2']);
    expect(takeNew(at(1), seen)).toEqual([]);
    expect(takeNew(at(2), seen).map((i) => i.name)).toEqual(['e2']);
    expect(itemSignature(at(2).items[0])).toContain('v.txt@3@1');
  });
});
