import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeLoadError, detectSignature, type RawValueMetadata } from './signature';
import { exists, fixture, readBytes, shippedDir, testdata } from '../test/testModels';
import { getOrt } from './ort';

// The build the app runs WASM sessions on (Node has no cross-origin isolation: 1 thread).
const ort = getOrt();

const t = (name: string, shape: (number | string)[], type = 'float32'): RawValueMetadata => ({
  name,
  isTensor: true,
  type,
  shape,
});

async function metadata(path: string) {
  const s = await ort.InferenceSession.create(new Uint8Array(readBytes(path)));
  const out = { inputs: s.inputMetadata, outputs: s.outputMetadata } as {
    inputs: RawValueMetadata[];
    outputs: RawValueMetadata[];
  };
  await s.release();
  return out;
}

describe('detectSignature on metadata', () => {
  it('finds input, prediction and attention with fixed K and D', () => {
    const sig = detectSignature(
      'm.onnx',
      [t('ctx', ['batch', 8, 384])],
      [t('pred', ['batch', 384]), t('attn', ['batch', 4, 8])],
    );
    expect(sig.k).toBe(8);
    expect(sig.dim).toBe(384);
    expect(sig.input).toEqual({ name: 'ctx', shape: [null, 8, 384], type: 'float32' });
    expect(sig.prediction.name).toBe('pred');
    expect(sig.attention?.name).toBe('attn');
  });

  it('matches a dynamic K by symbol name and takes the first rank-2 output', () => {
    const sig = detectSignature(
      'm.onnx',
      [t('x', ['b', 'k', 'd'])],
      [t('hidden', ['b', 'k', 'd']), t('y', ['b', 'd']), t('a', ['b', 'k'])],
    );
    expect(sig.k).toBeNull();
    expect(sig.dim).toBeNull();
    expect(sig.prediction.name).toBe('y');
    expect(sig.attention?.name).toBe('a');
  });

  it('does not take the prediction as attention when K equals D', () => {
    const sig = detectSignature('m.onnx', [t('x', [1, 4, 4])], [t('y', [1, 4])]);
    expect(sig.attention).toBeUndefined();
  });

  it('rejects a rank-2 input naming what it found', () => {
    expect(() =>
      detectSignature('foo.onnx', [t('x', ['batch', 384])], [t('y', ['batch', 384])]),
    ).toThrow(
      '"foo.onnx" does not look like an LVM: expected one float input of shape [batch, K, D], ' +
        'found input "x" of type float32 and shape [batch, 384] (rank 2)',
    );
  });

  it('rejects two inputs, an int input, and a missing [batch, D] output', () => {
    expect(() =>
      detectSignature('a.onnx', [t('x', [1, 2, 3]), t('m', [1, 2])], [t('y', [1, 3])]),
    ).toThrow(/found 2 inputs: "x".*"m"/);
    expect(() => detectSignature('b.onnx', [t('ids', [1, 2, 3], 'int64')], [])).toThrow(
      /found input "ids" of type int64/,
    );
    expect(() => detectSignature('c.onnx', [t('x', [1, 5, 16])], [t('y', [1, 5, 16])])).toThrow(
      /expected a float output of shape \[batch, D\] with D = 16, found outputs "y"/,
    );
    try {
      detectSignature('c.onnx', [t('x', [1, 5, 16])], [t('y', [1, 7])]);
    } catch (e) {
      expect((e as Error).name).toBe('SignatureError');
    }
  });
});

describe('describeLoadError', () => {
  it('names a non-ONNX file and keeps ORT’s message', async () => {
    const err = await ort.InferenceSession.create(new TextEncoder().encode('hello notes')).catch(
      (e: unknown) => e,
    );
    const e = describeLoadError('notes.txt', err);
    expect(e.name).toBe('NotOnnxError');
    expect(e.message).toMatch(
      /^"notes\.txt" is not an ONNX model \(could not parse the protobuf\): .*protobuf parsing failed/,
    );
  });
});

describe('detectSignature on exported models', () => {
  it('reads the attention-pooling test model', async () => {
    const { inputs, outputs } = await metadata(testdata('lvm_k5_d16.onnx'));
    const sig = detectSignature('lvm_k5_d16.onnx', inputs, outputs);
    expect(sig).toMatchObject({ k: 5, dim: 16, prediction: { name: 'prediction' } });
    expect(sig.attention).toEqual({ name: 'attention', shape: [null, 5], type: 'float32' });
    expect(sig.input.shape).toEqual([null, 5, 16]);
  });

  it('rejects the rank-2 test model', async () => {
    const { inputs, outputs } = await metadata(testdata('wrong_rank2.onnx'));
    expect(() => detectSignature('wrong_rank2.onnx', inputs, outputs)).toThrow(
      'found input "x" of type float32 and shape [batch, 16] (rank 2)',
    );
  });

  // Fixtures committed by the training side (training/export.py); each is checked once it exists.
  const fixtures: [string, (sig: () => Promise<unknown>) => Promise<void>][] = [
    [
      'torch_user_model.onnx',
      async (sig) =>
        expect(await sig()).toMatchObject({
          k: 5,
          dim: 384,
          input: { name: 'x' },
          prediction: { name: 'out', shape: [null, 384] },
          attention: { name: 'attn_w', shape: [null, 5] },
        }),
    ],
    [
      'wrong_signature.onnx',
      async (sig) =>
        await expect(sig()).rejects.toThrow(
          '"wrong_signature.onnx" does not look like an LVM: expected one float input of shape ' +
            '[batch, K, D], found input "x" of type float32 and shape [batch, 384] (rank 2)',
        ),
    ],
    [
      'dynamic_kd.onnx',
      async (sig) =>
        expect(await sig()).toMatchObject({ k: null, dim: null, prediction: { name: 'out' } }),
    ],
  ];
  for (const [name, check] of fixtures) {
    it.skipIf(!exists(fixture(name)))(`fixture ${name}`, async () => {
      await check(async () => {
        const { inputs, outputs } = await metadata(fixture(name));
        return detectSignature(name, inputs, outputs);
      });
    });
  }

  const shipped = exists(shippedDir)
    ? readdirSync(shippedDir).filter((f) => f.endsWith('.onnx'))
    : [];
  it.skipIf(shipped.length === 0)('every shipped model has an LVM signature', async () => {
    for (const f of shipped) {
      const { inputs, outputs } = await metadata(shippedDir + f);
      const sig = detectSignature(f, inputs, outputs);
      expect(sig.prediction.shape.length).toBe(2);
    }
  });
});
