import { render } from '@testing-library/react';
import { StrictMode } from 'react';
import { App } from '../app/App';

/** Renders the whole app as `npm run dev` does (StrictMode) at the URL `/${search}`. */
export function openApp(search: string): void {
  window.history.replaceState(null, '', `/${search}`);
  render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
