import { describe, expect, it } from 'vitest';
import { userModelId } from './userModels';

describe('userModelId', () => {
  it('derives a stable id from the file name, suffixed when taken', () => {
    expect(userModelId('My Model.onnx', [])).toBe('user-my-model');
    expect(userModelId('My Model.onnx', ['user-my-model'])).toBe('user-my-model-2');
    expect(userModelId('.onnx', [])).toBe('user-model');
  });
});
