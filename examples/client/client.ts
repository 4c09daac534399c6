/**
 * A minimal typed GraphQL client over `fetch`: the operation's TypedDocumentNode carries its
 * result and variables types, so `request(ImageScoreDocument, ...)` is checked end to end with
 * no hand-written types. Any GraphQL client that accepts TypedDocumentNode (urql, Apollo Client,
 * graphql-request) works the same way with the generated documents.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

/** An entry of the response's `errors`, as the gateway formats it. */
export interface GatewayError {
  message: string;
  path?: ReadonlyArray<string | number>;
  /** `code` is a ScoreErrorCode, or BAD_USER_INPUT, UNAUTHENTICATED, INTERNAL_SERVER_ERROR... */
  extensions?: { code?: string; [key: string]: unknown };
}

/** A GraphQL response: data (possibly partial) and the errors beside it. */
export interface GatewayResponse<TResult> {
  data: TResult | null;
  errors: readonly GatewayError[];
}

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** Sent as `Authorization: Bearer <apiKey>` when the gateway runs with AUTH_MODE=api-key. */
  apiKey?: string;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

/** Sends typed operations to one gateway URL (`http://host:4000/graphql`). */
export interface Client {
  request<TResult, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TResult, TVariables>,
    variables: TVariables,
  ): Promise<GatewayResponse<TResult>>;
}

/** Thrown when the gateway answers without a GraphQL body (a proxy error page, a 5xx). */
export class GatewayHttpError extends Error {
  override readonly name = 'GatewayHttpError';

  constructor(readonly status: number) {
    super(`The gateway answered HTTP ${status} without a GraphQL response.`);
  }
}

/** Makes a client for the gateway at `url`. */
export function createClient(url: string, options: ClientOptions = {}): Client {
  const fetchFn = options.fetch ?? fetch;

  async function request<TResult, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TResult, TVariables>,
    variables: TVariables,
  ): Promise<GatewayResponse<TResult>> {
    const response = await fetchFn(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(options.apiKey && { authorization: `Bearer ${options.apiKey}` }),
      },
      body: JSON.stringify({ query: print(document), variables }),
    });
    // GraphQL over HTTP may answer 4xx with a GraphQL body (a validation error): read it.
    if (!response.headers.get('content-type')?.includes('json')) {
      throw new GatewayHttpError(response.status);
    }
    const body = (await response.json()) as { data?: TResult | null; errors?: GatewayError[] };
    return { data: body.data ?? null, errors: body.errors ?? [] };
  }

  return { request };
}
