import pino from 'pino';
import type { GatewayConfig } from '../../src/config';
import { loadConfig } from '../../src/config';
import { LocalScoreSource } from '../../src/datasources/local/local.datasource';
import type { Gateway, GatewayDeps } from '../../src/server';
import { createGateway } from '../../src/server';
import { CountingSource } from './counting-source';

/** A logger that writes nothing: tests must not write to the console. */
export const silentLogger = pino({ level: 'silent' });

/** A gateway listening on 127.0.0.1 on a free port. */
export interface RunningGateway {
  gateway: Gateway;
  config: GatewayConfig;
  url: string;
  /** The real local source, counted. */
  source: CountingSource;
  close(): Promise<void>;
}

/**
 * Starts a real gateway over HTTP on the local backend. `env` is the environment it is
 * configured from (the same variables as in production), except that auth is off unless `env`
 * sets AUTH_MODE: backend tests (SCORE_BACKEND=imm turns auth on) then need no keys.
 */
export async function startGateway(
  env: Record<string, string> = {},
  deps: Partial<GatewayDeps> = {},
): Promise<RunningGateway> {
  const config = loadConfig({ PORT: '0', AUTH_MODE: 'none', ...env });
  const source = new CountingSource(deps.source ?? new LocalScoreSource(config.local));
  const gateway = await createGateway(config, { logger: silentLogger, ...deps, source });
  const address = await gateway.listen(0, '127.0.0.1');
  return {
    gateway,
    config,
    source,
    url: `http://127.0.0.1:${address.port}/graphql`,
    close: () => gateway.close(),
  };
}

/** A GraphQL response body as a client sees it. */
export interface GraphQLResponse<TData = Record<string, unknown>> {
  data?: TData | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown>; path?: unknown[] }>;
}

/** POSTs one operation as a browser or curl would. */
export async function postGraphQL<TData = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<{ status: number; body: GraphQLResponse<TData> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse<TData> };
}

export const IMAGE_SCORE_QUERY = /* GraphQL */ `
  query ImageScore($projectName: String!, $sourceUri: String!) {
    imageScore(projectName: $projectName, sourceUri: $sourceUri) {
      projectName
      sourceUri
      overallQualityScore
      requestId
      breakdown { exposure contrast color sharpness noise composition resolution }
    }
  }
`;

export const IMAGE_SCORES_QUERY = /* GraphQL */ `
  query ImageScores($projectName: String!, $sourceUris: [String!]!) {
    imageScores(projectName: $projectName, sourceUris: $sourceUris) {
      __typename
      ... on ImageScore { projectName sourceUri overallQualityScore requestId }
      ... on ImageScoreError { projectName sourceUri code message }
    }
  }
`;

/** One entry of `imageScores` as the queries above select it. */
export type BatchEntry =
  | { __typename: 'ImageScore'; projectName: string; sourceUri: string; overallQualityScore: number; requestId: string }
  | { __typename: 'ImageScoreError'; projectName: string; sourceUri: string; code: string; message: string };
