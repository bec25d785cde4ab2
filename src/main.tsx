import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { browserEnv, isolate } from './app/isolation/isolate';
import './app/app.css';

// on a host without COOP/COEP headers the page first reloads under the isolation service worker
void isolate(browserEnv()).then((next) => {
  if (next === 'reloading') return;
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
