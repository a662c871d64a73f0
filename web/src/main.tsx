/** Entry point: one live store for the page's lifetime, then React. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { createLiveStore, liveSocketUrl } from './live-stream.ts';
import './styles.css';

const store = createLiveStore({ url: liveSocketUrl(window.location) });
window.addEventListener('pagehide', () => store.close());

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App store={store} />
  </StrictMode>,
);
