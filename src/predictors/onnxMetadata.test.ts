import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readOnnxMetadata } from './onnxMetadata';

const file = (path: string) => new Uint8Array(readFileSync(path));

/** A hand-written ModelProto: ir_version 8, metadata_props {a: "b"}, then {epoch: "12"}. */
// prettier-ignore
const HAND = new Uint8Array([
  0x08, 0x08, // field 1 (varint) = 8
  0x72, 0x06, 0x0a, 0x01, 0x61, 0x12, 0x01, 0x62, // field 14: {1: "a", 2: "b"}
  0x3a, 0x02, 0x0a, 0x00, // field 7 (graph), skipped by its length
  0x72, 0x0b, 0x0a, 0x05, 0x65, 0x70, 0x6f, 0x63, 0x68, 0x12, 0x02, 0x31, 0x32, // {epoch: "12"}
]);

describe('readOnnxMetadata', () => {
  it('reads every metadata entry of hand-written bytes, skipping other fields by their length', () => {
    expect(readOnnxMetadata(HAND)).toEqual({ a: 'b', epoch: '12' });
  });

  it('returns null for truncated bytes instead of a partial answer', () => {
    expect(readOnnxMetadata(HAND.subarray(0, HAND.length - 1))).toBeNull();
  });

  it('reads the epoch and model id the fixture generator wrote', () => {
    const meta = readOnnxMetadata(file('e2e/fixtures/checkpoints/amn-like_epoch02.onnx'));
    expect(meta?.['lvm_lens.epoch']).toBe('2');
    expect(meta?.['lvm_lens.model_id']).toBe('amn-like');
  });

  it('reads the shipped export metadata and gives {} for a model without any', () => {
    expect(readOnnxMetadata(file('public/models/amn.onnx').buffer)?.['lvm.id']).toBe('amn');
    expect(readOnnxMetadata(file('e2e/fixtures/models/torch_user_model.onnx'))).toEqual({});
  });
});
