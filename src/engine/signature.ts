import { DetailedError } from '../lib/worker-rpc';
import type { ModelSignature, TensorInfo } from './types';

/** One entry of onnxruntime-web's `session.inputMetadata` / `outputMetadata`. */
export interface RawValueMetadata {
  name: string;
  isTensor: boolean;
  type?: string;
  /** numbers for fixed dims, strings for symbolic ones */
  shape?: readonly (number | string)[];
}

// float16 inputs would need conversion on feed; the engine feeds float32 only.
const FLOAT_TYPES = new Set(['float32']);

/** ORT metadata -> our TensorInfo; symbolic dims become null. */
export function toTensorInfo(meta: RawValueMetadata): TensorInfo {
  return {
    name: meta.name,
    shape: (meta.shape ?? []).map((d) => (typeof d === 'number' && d >= 0 ? d : null)),
    type: meta.type ?? (meta.isTensor ? 'unknown' : 'non-tensor'),
  };
}

/** "[batch, 5, 384]" with symbolic dims shown by name; past rank 6, the rank and its ends. */
export function formatShape(meta: RawValueMetadata): string {
  const dims = (meta.shape ?? []).map((d) => String(d).slice(0, 24));
  if (dims.length <= 6) return `[${dims.join(', ')}]`;
  return `[rank ${dims.length}: ${dims.slice(0, 3).join(', ')}, …, ${dims.slice(-2).join(', ')}]`;
}

function describe(meta: RawValueMetadata): string {
  if (!meta.isTensor) return `"${meta.name}" (not a tensor)`;
  const rank = meta.shape?.length ?? 0;
  return `"${meta.name}" of type ${meta.type} and shape ${formatShape(meta)} (rank ${rank})`;
}

/** Same dimension: equal numbers, or equal symbol names, or unknown on either side. */
function sameDim(a: number | string | undefined, b: number | string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (typeof a === 'string' && typeof b === 'string') return a === b;
  return false;
}

function compatibleDim(a: number | string | undefined, b: number | string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  return typeof a === 'string' || typeof b === 'string' || a === b;
}

/**
 * Reads an LVM's signature from its ONNX metadata: one float input [batch, K, D]; the prediction is
 * the first rank-2 float output [batch, D]; attention is another float output whose last dim is K.
 * Throws a DetailedError('SignatureError') naming what was expected and what was found.
 */
export function detectSignature(
  fileName: string,
  inputs: readonly RawValueMetadata[],
  outputs: readonly RawValueMetadata[],
): ModelSignature {
  const fail = (what: string, found: string): never => {
    throw new DetailedError(
      'SignatureError',
      `"${fileName}" does not look like an LVM: expected ${what}, found ${found}`,
      { inputs: inputs.map(formatMeta), outputs: outputs.map(formatMeta) },
    );
  };
  const expectedInput = 'one float input of shape [batch, K, D]';
  if (inputs.length !== 1) {
    fail(
      expectedInput,
      inputs.length === 0
        ? 'no inputs'
        : `${inputs.length} inputs: ${inputs.map(describe).join(', ')}`,
    );
  }
  const inMeta = inputs[0];
  const inShape = inMeta.shape ?? [];
  if (!inMeta.isTensor || !FLOAT_TYPES.has(inMeta.type ?? '') || inShape.length !== 3) {
    fail(expectedInput, `input ${describe(inMeta)}`);
  }
  const input = toTensorInfo(inMeta);
  const [, kDim, dDim] = inShape;

  const floatOut = outputs.filter((o) => o.isTensor && FLOAT_TYPES.has(o.type ?? ''));
  const predMeta = floatOut.find(
    (o) =>
      o.shape?.length === 2 &&
      compatibleDim(o.shape[1], dDim) &&
      compatibleDim(o.shape[0], inShape[0]),
  );
  if (!predMeta) {
    fail(
      `a float output of shape [batch, D] with D = ${String(dDim)}`,
      outputs.length === 0 ? 'no outputs' : `outputs ${outputs.map(describe).join(', ')}`,
    );
  }
  const attnMeta = floatOut.find(
    (o) =>
      o !== predMeta &&
      (o.shape?.length ?? 0) >= 2 &&
      (o.shape?.length ?? 0) <= 4 &&
      sameDim(o.shape?.[o.shape.length - 1], kDim),
  );
  return {
    input,
    k: input.shape[1],
    dim: input.shape[2] ?? (typeof predMeta!.shape![1] === 'number' ? predMeta!.shape![1] : null),
    prediction: toTensorInfo(predMeta!),
    ...(attnMeta ? { attention: toTensorInfo(attnMeta) } : {}),
    outputs: outputs.map(toTensorInfo),
  };
}

function formatMeta(m: RawValueMetadata): string {
  return m.isTensor ? `${m.name}: ${m.type} ${formatShape(m)}` : `${m.name}: non-tensor`;
}

/** Turns ORT's session-creation error into a message that names the file. */
export function describeLoadError(fileName: string, e: unknown): Error {
  if (e instanceof DetailedError) return e;
  const message = e instanceof Error ? e.message : String(e);
  if (/protobuf parsing failed|failed to load model|invalid model|ModelProto/i.test(message)) {
    return new DetailedError(
      'NotOnnxError',
      `"${fileName}" is not an ONNX model (could not parse the protobuf): ${message}`,
    );
  }
  return new DetailedError('LoadError', `"${fileName}" could not be loaded: ${message}`);
}
