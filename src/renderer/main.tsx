/** The renderer's composition root: pick the transport, render the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/app.js';
import { selectCoreConnection } from './core/select-core-connection.js';
import './styles/app.css';
import './styles/calls.css';
import './styles/buddies.css';
import './styles/conferences.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

const connection = selectCoreConnection({ parley: window.parley, location: window.location, WebSocket });
createRoot(container).render(
  <StrictMode>
    <App connection={connection} />
  </StrictMode>,
);
