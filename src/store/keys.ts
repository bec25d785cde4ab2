/** Job keys name what a result was computed from: the dataset object and the models' loads. */
import type { ModelInfo } from '../engine/types';

const ids = new WeakMap<object, number>();
let next = 0;

/**
 * A key for this very object: a dataset reloaded from a file of the same name is a new object and
 * gets a new key, so results computed from the old file are never shown for the new one.
 */
export function objectKey(o: object): string {
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = ++next));
  return `#${id}`;
}

/** One model load: the same model loaded again (or replaced by a file of the same name) differs. */
export function modelLoadKey(m: Pick<ModelInfo, 'loadId'>): string {
  return m.loadId;
}

/** Every model's load, in order. */
export function modelsKey(models: readonly Pick<ModelInfo, 'loadId'>[]): string {
  return models.map(modelLoadKey).join(',');
}
