import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Cross-origin isolation lets onnxruntime-web use SharedArrayBuffer, i.e. multithreaded WASM.
// The CSP keeps every request on this origin: LVM Lens never talks to another host.
// 'wasm-unsafe-eval' compiles onnxruntime's WASM; 'unsafe-eval' is needed by plotly's WebGL
// traces (regl generates code); 'unsafe-inline' scripts only by the dev server's React preamble.
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function contentSecurityPolicy(dev: boolean): string {
  const script = ["'self'", "'wasm-unsafe-eval'", "'unsafe-eval'", dev ? "'unsafe-inline'" : ''];
  return [
    "default-src 'self'",
    `script-src ${script.filter(Boolean).join(' ')}`,
    "worker-src 'self' blob:",
    "connect-src 'self' blob: data:",
    "img-src 'self' blob: data:",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
  ].join('; ');
}

export default defineConfig(({ command }) => ({
  plugins: [react()],
  server: {
    headers: { ...isolationHeaders, 'Content-Security-Policy': contentSecurityPolicy(true) },
  },
  preview: {
    headers: { ...isolationHeaders, 'Content-Security-Policy': contentSecurityPolicy(false) },
  },
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 8000 },
  define: { __DEV_SERVER__: JSON.stringify(command === 'serve') },
}));
