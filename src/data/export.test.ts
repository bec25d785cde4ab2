import { describe, expect, it } from 'vitest';
import { exportName, toCsv, toJson, toNpy } from './export';
import { parseNpy } from './npy';

describe('export helpers', () => {
  it('writes CSV with quoting and a union of columns', async () => {
    const csv = await toCsv([
      { a: 1, b: 'x,y' },
      { a: 2.5, c: 'say "hi"' },
    ]).text();
    expect(csv).toBe('a,b,c\r\n1,"x,y",\r\n2.5,,"say ""hi"""\r\n');
  });

  it('writes JSON with typed arrays as lists', async () => {
    expect(JSON.parse(await toJson({ v: new Float32Array([1, 2]) }).text())).toEqual({ v: [1, 2] });
    expect(await toJson({ v: new Int32Array([1, 2]) }, 0).text()).toBe('{"v":[1,2]}');
  });

  it('writes .npy that parses back', async () => {
    const blob = toNpy(new Float32Array([1, 2, 3, 4]), [2, 2]);
    const a = parseNpy(await blob.arrayBuffer());
    expect(a.shape).toEqual([2, 2]);
    expect(Array.from(a.data as Float32Array)).toEqual([1, 2, 3, 4]);
  });

  it('names files after the model and the split', () => {
    expect(exportName('AMN', 'Demo · OOD', 'predictions', 'npy')).toBe('amn_ood_predictions.npy');
    expect(exportName('Mamba-S', 'my file.npz', 'ranks', 'csv')).toBe(
      'mamba_s_my_file_npz_ranks.csv',
    );
  });
});
