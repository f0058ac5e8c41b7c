// The demo imports the library from source (../../src/index.js) so `npm start` needs no build;
// an app installs the package and writes `from 'askless-react'` instead.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AsklessProvider } from '../../src/index.js';
import { App } from './App.js';
import { asklessServerUrl } from './config.js';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

createRoot(root).render(
  <StrictMode>
    <AsklessProvider serverUrl={asklessServerUrl()}>
      <App />
    </AsklessProvider>
  </StrictMode>,
);
