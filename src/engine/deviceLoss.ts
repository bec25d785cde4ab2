import type { OrtModule } from './ort';

interface GpuDeviceLike {
  lost: Promise<{ message: string }>;
  destroy(): void;
}

/**
 * Watches ORT's WebGPU device. A loss is final for the worker: JSEP cannot recreate its device
 * within one WASM instance, so every model moves to WASM (the engine's `onLost` does that).
 */
export class DeviceLossWatch {
  /** the lost device's message, or null while it is alive */
  lost: string | null = null;
  private handled: Promise<void> | null = null;

  constructor(
    private readonly ort: () => OrtModule,
    private readonly onLost: (message: string) => void,
  ) {}

  /** Starts watching (once); call after a WebGPU session exists, since ORT makes the device then. */
  watch(): void {
    this.handled ??= Promise.resolve(this.ort().env.webgpu.device)
      .then((device) => (device as unknown as GpuDeviceLike).lost)
      .then((info) => {
        this.lost = info?.message || 'device lost';
        this.onLost(this.lost);
      })
      .catch(() => undefined);
  }

  /** Throws when the device is gone, so no WebGPU session is made or run on it. */
  check(): void {
    if (this.lost) throw new Error(`device lost: ${this.lost}`);
  }

  /**
   * Test hook: destroys the device, as a driver reset or GPU process crash would, and resolves once
   * `onLost` has run. False when nothing is watched (no WebGPU session was ever created).
   */
  async lose(): Promise<boolean> {
    if (!this.handled) return false;
    const device = (await this.ort().env.webgpu.device) as unknown as GpuDeviceLike;
    device.destroy();
    await this.handled;
    return true;
  }
}
