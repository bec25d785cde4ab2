/**
 * Before the app renders: on a page that is not cross-origin isolated (a static host without
 * COOP/COEP headers), register the isolation service worker (coi.sw.js) and reload once it
 * controls the page, so WASM runs multithreaded. Where the headers are sent (vite, `lvm-lens
 * open`, a configured host) nothing is registered.
 */

export const SERVICE_WORKER = 'coi-sw.js';
/** How long to wait for the worker to take over before starting without it. */
const TAKEOVER_MS = 5000;

export interface IsolationEnv {
  crossOriginIsolated: boolean;
  isSecureContext: boolean;
  serviceWorker?: Pick<ServiceWorkerContainer, 'controller' | 'register' | 'addEventListener'>;
  reload: () => void;
  baseURI: string;
}

/** 'go': render now; 'reloading': the page reloads isolated, render nothing. */
export async function isolate(env: IsolationEnv): Promise<'go' | 'reloading'> {
  const sw = env.serviceWorker;
  // controlled but still not isolated: this browser cannot be helped; a reload would loop
  if (env.crossOriginIsolated || !env.isSecureContext || !sw || sw.controller) return 'go';
  const takeover = new Promise<boolean>((resolve) => {
    sw.addEventListener('controllerchange', () => resolve(true), { once: true });
    setTimeout(() => resolve(false), TAKEOVER_MS);
  });
  try {
    await sw.register(new URL(SERVICE_WORKER, env.baseURI).href);
  } catch (e) {
    console.warn('isolation service worker not registered; WASM runs single-threaded', e);
    return 'go';
  }
  if (!(await takeover)) return 'go';
  env.reload();
  return 'reloading';
}

/** The browser's side of isolate(). */
export function browserEnv(): IsolationEnv {
  return {
    crossOriginIsolated: window.crossOriginIsolated,
    isSecureContext: window.isSecureContext,
    serviceWorker: 'serviceWorker' in navigator ? navigator.serviceWorker : undefined,
    reload: () => window.location.reload(),
    baseURI: document.baseURI,
  };
}
