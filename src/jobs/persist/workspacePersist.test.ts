import { beforeEach, describe, expect, it } from 'vitest';
import { resetAppStore, useAppStore } from '../../store';
import { MemoryDirectory } from '../../test/memoryDirectory';
import type { Dir } from './blobStore';
import {
  forget,
  keptFiles,
  readKept,
  remember,
  resetPersist,
  saveSelection,
} from './workspacePersist';

const file = (name: string, text: string) => new File([text], name);
let root: MemoryDirectory;

function use(dir: MemoryDirectory) {
  root = dir;
  resetPersist(dir as unknown as Dir);
}

async function blobs(): Promise<string[]> {
  const d = await (await root.getDirectoryHandle('lvm-lens-workspace')).getDirectoryHandle('blobs');
  const names: string[] = [];
  for await (const [name] of d) names.push(name);
  return names;
}

const messages = () => useAppStore.getState().storageMessages;

beforeEach(() => {
  resetAppStore();
  use(MemoryDirectory.root());
});

describe('workspace persistence', () => {
  it('keeps each file once by content and gives it back under its name', async () => {
    await remember({ kind: 'model', files: [file('a.onnx', 'AAAA')], ids: ['user-a'] });
    await remember({ kind: 'model', files: [file('copy.onnx', 'AAAA')], ids: ['user-copy'] });
    await remember({
      kind: 'data',
      files: [file('v.npy', 'AAAA'), file('v.txt', 'hi')],
      ids: ['x'],
    });
    expect(await blobs()).toHaveLength(2);
    const index = await readKept();
    expect(index.entries.map((e) => [e.kind, e.name, e.ids])).toEqual([
      ['model', 'copy.onnx', ['user-copy']],
      ['data', 'v.npy + v.txt', ['x']],
    ]);
    const files = await keptFiles(index.entries[1]);
    expect(files.map((f) => f.name)).toEqual(['v.npy', 'v.txt']);
    expect(await files[1].text()).toBe('hi');
    const s = useAppStore.getState();
    expect(s.stored.map((x) => x.name)).toEqual(['copy.onnx', 'v.npy + v.txt']);
    expect(s.storageUsed).toBe(6);
  });

  it('forgets an entry, and its files only when no other entry names them', async () => {
    await remember({ kind: 'model', files: [file('a.onnx', 'AAAA')], ids: ['a'] });
    await remember({ kind: 'data', files: [file('a.npy', 'AAAA')], ids: ['d'] });
    await remember({ kind: 'model', files: [file('b.onnx', 'BB')], ids: ['b'] });
    const [a, d] = (await readKept()).entries;
    await forget(a.key);
    expect(await blobs()).toHaveLength(2);
    await forget(d.key);
    expect(await blobs()).toHaveLength(1);
    expect(useAppStore.getState().stored.map((x) => x.name)).toEqual(['b.onnx']);
  });

  it('keeps one checkpoint set, the newest', async () => {
    await remember({ kind: 'checkpoints', files: [file('c1.onnx', '1')], ids: ['c@1'] });
    await remember({
      kind: 'checkpoints',
      files: [file('c1.onnx', '1'), file('c2.onnx', '22')],
      ids: ['c@1', 'c@2'],
    });
    const { entries } = await readKept();
    expect(entries.map((e) => e.name)).toEqual(['2 checkpoints']);
    expect(await blobs()).toHaveLength(2);
  });

  it('says a full storage in words and keeps what it kept before', async () => {
    use(MemoryDirectory.root(600));
    await remember({ kind: 'model', files: [file('small.onnx', 'x'.repeat(100))], ids: ['s'] });
    await remember({ kind: 'model', files: [file('big.onnx', 'y'.repeat(1000))], ids: ['b'] });
    expect(messages()).toHaveLength(1);
    expect(messages()[0]).toMatch(/^Browser storage is full: big\.onnx \(1\.0 KB\) is loaded but/);
    const { entries } = await readKept();
    expect(entries.map((e) => e.name)).toEqual(['small.onnx']);
    expect(await blobs()).toHaveLength(1);
    expect(await (await keptFiles(entries[0]))[0].text()).toBe('x'.repeat(100));
  });

  it('without storage (a private window) says so once and does not fail the load', async () => {
    resetPersist(undefined); // jsdom has no navigator.storage.getDirectory
    await remember({ kind: 'model', files: [file('a.onnx', 'A')], ids: ['a'] });
    await remember({ kind: 'model', files: [file('b.onnx', 'B')], ids: ['b'] });
    expect(useAppStore.getState().storageAvailable).toBe(false);
    expect(messages()).toHaveLength(1);
    expect(messages()[0]).toMatch(/^Nothing is kept after this tab closes/);
    expect((await readKept()).entries).toEqual([]);
  });

  it('names a kept file that was cut short, and reads a damaged index as empty, in words', async () => {
    await remember({ kind: 'model', files: [file('a.onnx', 'AAAA')], ids: ['a'] });
    const [entry] = (await readKept()).entries;
    await root.overwrite(['lvm-lens-workspace', 'blobs', entry.files[0].hash], ['AA']);
    await expect(keptFiles(entry)).rejects.toThrow('a.onnx was kept as 4 bytes; 2 are left');
    await root.overwrite(['lvm-lens-workspace', 'index.json'], ['{"version": 1, "entr']);
    expect((await readKept()).entries).toEqual([]);
    expect(messages()).toEqual([
      'The list of kept files could not be read; the kept workspace was not restored.',
    ]);
  });

  it('keeps the selection', async () => {
    await saveSelection({ datasetId: 'file:v.npy', models: ['user-a', 'amn'] });
    expect((await readKept()).selection).toEqual({
      datasetId: 'file:v.npy',
      models: ['user-a', 'amn'],
    });
  });
});
