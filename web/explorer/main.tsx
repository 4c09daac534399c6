import 'graphiql/style.css';
import '@graphiql/plugin-explorer/style.css';
import './page.css';
import { explorerPlugin } from '@graphiql/plugin-explorer';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL, HISTORY_PLUGIN } from 'graphiql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DEFAULT_QUERY } from './default-query';
import { installMonacoWorkers } from './monaco-workers';

installMonacoWorkers();

// The page is served at the GraphQL endpoint itself, so its own path is where queries go. The
// fetcher POSTs application/json, which Apollo's CSRF prevention lets through.
const fetcher = createGraphiQLFetcher({ url: window.location.pathname });
const plugins = [HISTORY_PLUGIN, explorerPlugin()];

const root = document.getElementById('graphiql');
if (!root) throw new Error('the explorer page has no #graphiql element');
createRoot(root).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} plugins={plugins} defaultQuery={DEFAULT_QUERY} defaultEditorToolsVisibility="headers" />
  </StrictMode>,
);
