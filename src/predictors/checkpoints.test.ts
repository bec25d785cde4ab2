import { describe, expect, it } from 'vitest';
import {
  assignEpochs,
  changedMind,
  checkpointName,
  epochFromFileName,
  epochFromMetadata,
  metricCurves,
  planCheckpoints,
  rankShift,
} from './checkpoints';
import type { MetricSummary } from '../metrics/hits';

const meta = (epoch: string) => ({ 'lvm_lens.epoch': epoch, 'lvm_lens.model_id': 'AMN' });

describe('epochs', () => {
  it('parses the metadata epoch and the last "epoch<N>" of a file name', () => {
    expect(epochFromMetadata(meta('7'))).toBe(7);
    expect(epochFromMetadata({ 'lvm_lens.epoch': 'seven' })).toBeNull();
    expect(epochFromMetadata(null)).toBeNull();
    expect(epochFromFileName('amn_epoch03.onnx')).toBe(3);
    expect(epochFromFileName('run-epoch-12_Epoch7.onnx')).toBe(7);
    expect(epochFromFileName('final.onnx')).toBeNull();
  });

  it('takes the metadata, then the file names, then the load order, one source for all files', () => {
    const named = [
      { fileName: 'm_epoch10.onnx', metadata: meta('2') },
      { fileName: 'm_epoch20.onnx', metadata: meta('1') },
    ];
    expect(assignEpochs(named)).toEqual({ epochs: [2, 1], source: 'metadata' });
    // one file without metadata: the names decide for both
    const mixed = [named[0], { fileName: 'm_epoch20.onnx', metadata: {} }];
    expect(assignEpochs(mixed)).toEqual({ epochs: [10, 20], source: 'file name' });
    // two files claim the same epoch by name: order
    const clash = [
      { fileName: 'a_epoch1.onnx', metadata: null },
      { fileName: 'b_epoch1.onnx', metadata: null },
      { fileName: 'c.onnx', metadata: null },
    ];
    expect(assignEpochs(clash)).toEqual({ epochs: [1, 2, 3], source: 'load order' });
  });

  it('names checkpoints <name>@<epoch> and orders them by epoch', () => {
    expect(checkpointName({ fileName: 'x.onnx', metadata: meta('1') })).toBe('amn');
    expect(checkpointName({ fileName: 'My Run_epoch04.onnx', metadata: null })).toBe('my-run');
    const plan = planCheckpoints([
      { fileName: 'gru_epoch03.onnx', metadata: null },
      { fileName: 'gru_epoch01.onnx', metadata: null },
      { fileName: 'gru_epoch02.onnx', metadata: null },
    ]);
    expect(plan.source).toBe('file name');
    expect(plan.checkpoints.map((c) => c.id)).toEqual(['gru@1', 'gru@2', 'gru@3']);
    expect(plan.checkpoints[0].fileName).toBe('gru_epoch01.onnx');
  });
});

describe('changed its mind', () => {
  it('measures a move as |log2(rank_b / rank_a)|', () => {
    expect(rankShift(1, 8)).toBe(3);
    expect(rankShift(10, 5)).toBe(1);
    expect(rankShift(4, 4)).toBe(0);
  });

  it('ranks windows by that shift, drops unmoved ones and keeps the top N', () => {
    const a = { ranks: [1, 4, 10, 2, 3], cosines: [0.9, 0.5, 0.4, 0.7, 0.6] };
    const b = { ranks: [8, 4, 5, 2, 12], cosines: [0.6, 0.5, 0.45, 0.7, 0.3] };
    const rows = changedMind(a, b);
    // shifts: w0 log2(8) = 3, w4 log2(4) = 2, w2 |log2(1/2)| = 1; w1, w3 did not move
    expect(rows.map((r) => r.window)).toEqual([0, 4, 2]);
    expect(rows[0]).toEqual({
      window: 0,
      rankA: 1,
      rankB: 8,
      cosineA: 0.9,
      cosineB: 0.6,
      shift: 3,
    });
    expect(changedMind(a, b, 2).map((r) => r.window)).toEqual([0, 4]);
  });

  it('breaks a tie in shift by the larger absolute rank change', () => {
    const rows = changedMind(
      { ranks: [1, 50], cosines: [0, 0] },
      { ranks: [2, 100], cosines: [0, 0] },
    );
    expect(rows.map((r) => r.window)).toEqual([1, 0]);
  });

  it('refuses checkpoints scored on different windows', () => {
    expect(() =>
      changedMind({ ranks: [1], cosines: [1] }, { ranks: [1, 2], cosines: [1, 1] }),
    ).toThrow(/1 and 2 windows/);
  });
});

describe('metricCurves', () => {
  it('gives one value per checkpoint for each of the five metrics', () => {
    const s = (x: number) => ({
      cosineMean: x,
      hit1: x / 10,
      hit5: x / 5,
      hit10: x / 2,
      mrr: x / 4,
    });
    const curves = metricCurves([s(0.4), s(0.8)] as MetricSummary[]);
    expect(curves.map((c) => c.label)).toEqual(['Mean cosine', 'Hit@1', 'Hit@5', 'Hit@10', 'MRR']);
    expect(curves[2].values).toEqual([0.08, 0.16]);
    expect(curves[4].values).toEqual([0.1, 0.2]);
  });
});
