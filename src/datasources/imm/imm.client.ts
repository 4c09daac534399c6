import type Credential from '@alicloud/credentials';
import OpenApi, { Config, OpenApiRequest, Params } from '@alicloud/openapi-client';
import { RuntimeOptions } from '@alicloud/tea-util';

/** Options of {@link ImmClient}. */
export interface ImmClientOptions {
  /** host[:port], e.g. `imm.cn-hangzhou.aliyuncs.com` or the emulator's `127.0.0.1:PORT`. */
  endpoint: string;
  /** @default 'https' */
  protocol?: 'https' | 'http';
  regionId: string;
  /** The credential provider; the gateway passes `new Credential()` (the default chain). */
  credential: Credential;
  /** `v2` signs with the old HMAC-SHA1 query signature. @default ACS3-HMAC-SHA256 */
  signatureAlgorithm?: 'ACS3-HMAC-SHA256' | 'v2';
}

/** One DetectImageScore call. */
export interface DetectImageScoreInput {
  projectName: string;
  sourceUri: string;
  /** JSON CredentialConfig, sent as one query parameter when set. */
  credentialConfig?: string;
  /** Read and connect timeout of this attempt, in ms. */
  timeoutMs: number;
}

/** IMM's answer. */
export interface DetectImageScoreOutput {
  requestId: string;
  overallQualityScore: number;
}

/** A 2xx answer without a score in [0, 1]: IMM (or something in front of it) misbehaved. */
export class ImmBadResponseError extends Error {
  override readonly name = 'ImmBadResponseError';
}

const DETECT_IMAGE_SCORE = new Params({
  action: 'DetectImageScore',
  version: '2020-09-30',
  protocol: 'HTTPS',
  pathname: '/',
  method: 'POST',
  authType: 'AK',
  style: 'RPC',
  reqBodyType: 'formData',
  bodyType: 'json',
});

/**
 * A thin wrapper of `@alicloud/openapi-client`'s `callApi` for `DetectImageScore`. One call is
 * one attempt: the library does not retry (autoretry never triggers), so resilience lives in
 * the data source. Errors are thrown as the library throws them (see `imm-errors.ts`).
 */
export class ImmClient {
  private readonly client: OpenApi;

  constructor(options: ImmClientOptions) {
    this.client = new OpenApi(
      new Config({
        endpoint: options.endpoint,
        // Config.protocol wins over Params.protocol in the library; upper case as its examples.
        protocol: (options.protocol ?? 'https').toUpperCase(),
        regionId: options.regionId,
        credential: options.credential,
        signatureAlgorithm: options.signatureAlgorithm,
      }),
    );
  }

  async detectImageScore(input: DetectImageScoreInput): Promise<DetectImageScoreOutput> {
    const query: Record<string, string> = {
      ProjectName: input.projectName,
      SourceURI: input.sourceUri,
    };
    if (input.credentialConfig !== undefined) query.CredentialConfig = input.credentialConfig;
    // Both timeouts: httpx uses the connect timeout as the socket idle timeout too, so a read
    // timeout above it would never fire (both default to 3000 ms in the library).
    const runtime = new RuntimeOptions({
      readTimeout: input.timeoutMs,
      connectTimeout: input.timeoutMs,
      autoretry: false,
    });
    const response: unknown = await this.client.callApi(
      DETECT_IMAGE_SCORE,
      new OpenApiRequest({ query }),
      runtime,
    );
    return readScore(response);
  }
}

function readScore(response: unknown): DetectImageScoreOutput {
  const body = field(response, 'body');
  const requestId = field(body, 'RequestId');
  const score = field(field(body, 'ImageScore'), 'OverallQualityScore');
  if (typeof score !== 'number' || !(score >= 0 && score <= 1)) {
    throw new ImmBadResponseError('DetectImageScore answered without a score in [0, 1]');
  }
  return { requestId: typeof requestId === 'string' ? requestId : '', overallQualityScore: score };
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}
