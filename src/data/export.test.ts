import { describe, expect, it } from 'vitest';
import { csvCell, exportName, toCsv, toJson, toNpy } from './export';
import { parseNpy } from './npy';

describe('export helpers', () => {
  it('writes CSV with quoting and a union of columns', async () => {
    const csv = await toCsv([
      { a: 1, b: 'x,y' },
      { a: 2.5, c: 'say "hi"' },
    ]).text();
    expect(csv).toBe('a,b,c\r\n1,"x,y",\r\n2.5,,"say ""hi"""\r\n');
  });

  it('writes a string a spreadsheet would run as a formula as quoted text', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell("-2+3+cmd|' /C calc'!A0")).toBe(`"'-2+3+cmd|' /C calc'!A0"`);
    expect(csvCell('+1+1')).toBe(`"'+1+1"`);
    expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvCell('\t=1')).toBe(`"'\t=1"`);
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('leaves numbers alone, negative ones and lists of them included', () => {
    expect(csvCell(-0.5)).toBe('-0.5');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell('-0.125 0.5 -2e-3')).toBe('-0.125 0.5 -2e-3');
    expect(csvCell(NaN)).toBe('');
  });

  it('neutralises formulas in headers and cells of a whole CSV', async () => {
    const csv = await toCsv([{ '=id': '@x', score: -1 }]).text();
    expect(csv).toBe(`"'=id",score\r\n"'@x",-1\r\n`);
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
