import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
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

/**
 * The preview headers written into the build as `_headers` (the Netlify/Cloudflare Pages format):
 * `lvm-lens open` (lvm_lens/serve.py) and static hosts that read it send exactly what preview sends.
 * The same headers fill in the isolation service worker (`coi-sw.js`, src/app/isolation/), which
 * adds them where a host sends none.
 */
function headersFile(): Plugin {
  const headers = { ...isolationHeaders, 'Content-Security-Policy': contentSecurityPolicy(false) };
  const body = Object.entries(headers).map(([k, v]) => `  ${k}: ${v}`);
  return {
    name: 'lvm-lens-headers',
    apply: 'build',
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: '_headers',
        source: ['/*', ...body, ''].join('\n'),
      });
      const worker = readFileSync('src/app/isolation/coi.sw.js', 'utf8');
      this.emitFile({
        type: 'asset',
        fileName: 'coi-sw.js',
        source: worker.replace('self.__LVM_LENS_HEADERS__', JSON.stringify(headers)),
      });
    },
  };
}

export default defineConfig(({ command }) => ({
  plugins: [react(), headersFile()],
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
