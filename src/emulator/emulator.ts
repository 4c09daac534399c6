import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { Logger } from 'pino';
import { DEFAULT_MAX_OBJECT_BYTES, LocalObjectStore } from '../datasources/local/object-store';
import { parseSourceUri } from '../datasources/source-uri';
import type { OssLocation } from '../datasources/source-uri';
import { ScoreError, ScoreErrorCode } from '../errors';
import type { ImageScorer } from '../scoring/pool/image-scorer';
import { ScorerPool } from '../scoring/pool/scorer-pool';
import { adminRoutes } from './admin';
import type { FaultRule } from './faults';
import { FaultInjector } from './faults';
import { ImmError, immErrorBody, immErrors } from './imm-error';
import type { OpenCall } from './record';
import { CallRecorder } from './record';
import { checkTimestamp, DEFAULT_SKEW_MS, NonceStore } from './replay';
import { ScoreMemo } from './score-memo';
import type { AccessKey } from './signature';
import { verifySignature } from './signature';
import { isJsonObject } from '../util/json';

/** The one action the emulator serves, at IMM's API version. */
export const DETECT_IMAGE_SCORE = 'DetectImageScore';
export const IMM_API_VERSION = '2020-09-30';

/** Options of {@link createEmulator}. */
export interface EmulatorOptions {
  /** AccessKey pairs (optionally STS, with a token) that calls may be signed with. */
  accessKeys: readonly AccessKey[];
  /** Folder whose subfolders are buckets, as the local backend reads it. */
  ossRoot: string;
  /** Projects that exist; any other is `ResourceNotFound`. */
  projects: readonly string[];
  /** Larger objects are `LimitExceededError`. @default 50 MiB */
  maxObjectBytes?: number;
  /** Longest one object read may take; past it the call is a 503. @default 15000 */
  readTimeoutMs?: number;
  /** Faults from the start; more can be added at run time through `faults`. @default [] */
  faults?: readonly FaultRule[];
  /** PRNG seed of `rate` fault rules. @default 1 */
  seed?: number;
  /** Latency added to every scoring call, before any fault. @default 0 */
  latencyMs?: number;
  /** Worker threads of the emulator's scorer pool (`SCORER_THREADS`). @default defaultScorerThreads() */
  scorerThreads?: number;
  /** A scorer to use instead of starting a pool; its owner closes it. @default a ScorerPool */
  scorer?: ImageScorer;
  /** Allowed clock difference of a request's date. @default 15 minutes, as IMM */
  skewMs?: number;
  /** `HostId` of error bodies. @default 'imm.cn-hangzhou.aliyuncs.com' */
  hostId?: string;
  /** Serve `/__admin/*` (faults, record) for tests and demos. @default true */
  adminApi?: boolean;
  /** Call log lines (never a secret). @default silent */
  logger?: Logger;
  /** The clock for date checks. @default Date.now */
  now?: () => number;
}

/** A running (or ready to run) IMM emulator. */
export interface Emulator {
  /** `http://127.0.0.1:<port>` once listening. */
  readonly url: string;
  /** `host:port` once listening: what `IMM_ENDPOINT` takes. */
  readonly endpoint: string;
  /** Every call and the most in flight at once. */
  readonly record: CallRecorder;
  /** Fault rules, changeable at run time. */
  readonly faults: FaultInjector;
  /** Latency added to every scoring call; changeable at run time. */
  latencyMs: number;
  /** Starts listening. @default port 0 (a free one) on 127.0.0.1 */
  listen(port?: number, host?: string): Promise<AddressInfo>;
  /** Stops listening and drops open connections, hung calls included; then stops its scorer pool. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * An HTTP server that speaks IMM's RPC protocol for `DetectImageScore` (2020-09-30): checks
 * signatures (ACS3-HMAC-SHA256 and v2 HMAC-SHA1), the date window and single-use nonces, answers
 * with IMM's error bodies, and scores with the local scorer so that both backends agree.
 */
export function createEmulator(options: EmulatorOptions): Emulator {
  const logger = options.logger ?? pino({ level: 'silent' });
  const now = options.now ?? Date.now;
  const hostId = options.hostId ?? 'imm.cn-hangzhou.aliyuncs.com';
  const keys = new Map(options.accessKeys.map((key) => [key.accessKeyId, key]));
  const projects = new Set(options.projects);
  const store = new LocalObjectStore({
    root: options.ossRoot,
    maxObjectBytes: options.maxObjectBytes ?? DEFAULT_MAX_OBJECT_BYTES,
    readTimeoutMs: options.readTimeoutMs,
  });
  const scorer = options.scorer ?? new ScorerPool({ threads: options.scorerThreads });
  const memo = new ScoreMemo(scorer);
  const nonces = new NonceStore(2 * (options.skewMs ?? DEFAULT_SKEW_MS));
  const record = new CallRecorder();
  const faults = new FaultInjector(options.faults ?? [], options.seed ?? 1);
  const admin = options.adminApi === false ? undefined : adminRoutes({ faults, record });

  const emulator: Emulator = {
    record,
    faults,
    latencyMs: options.latencyMs ?? 0,
    get url() {
      return `http://${emulator.endpoint}`;
    },
    get endpoint() {
      const address = server.address();
      if (!address || typeof address === 'string') throw new Error('The emulator is not listening');
      return `${address.address}:${address.port}`;
    },
    listen: (port = 0, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      }),
    close: async () => {
      await new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (!options.scorer) await scorer.close();
    },
  };

  const server = http.createServer((req, res) => {
    if (admin && req.url?.startsWith('/__admin/')) {
      admin(req, res);
      return;
    }
    const call = record.start();
    const requestId = randomUUID().toUpperCase();
    res.on('close', () => {
      // The client went away before an answer: a read timeout on a hung or slow call.
      if (!res.writableEnded) call.end(call.record.outcome ?? 'aborted');
    });
    serve(req, res, call, requestId).catch((error: unknown) => {
      logger.error({ err: error, requestId }, 'emulator failure');
      answerError(res, call, requestId, immErrors.internal());
    });
  });

  async function serve(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    call: OpenCall,
    requestId: string,
  ): Promise<void> {
    const arrivedAt = Date.now();
    const body = await readBody(req);
    if (body === undefined) return answerError(res, call, requestId, immErrors.invalidParameter('Body', 'too large'));

    const verified = verifySignature(
      { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body },
      (id) => keys.get(id),
    );
    const actionHeader = req.headers['x-acs-action'];
    call.record.action = typeof actionHeader === 'string' ? actionHeader : '';
    if (!verified.ok) return answerError(res, call, requestId, verified.error);
    const { params, accessKeyId } = verified.value;
    call.record.accessKeyId = accessKeyId;
    const action = params.Action ?? call.record.action;
    const version = params.Version ?? headerString(req.headers['x-acs-version']);
    call.record.action = action;

    const replayError =
      checkTimestamp(verified.value.timestamp, now(), options.skewMs) ??
      nonces.use(accessKeyId, verified.value.nonce, now());
    if (replayError) return answerError(res, call, requestId, replayError);
    if (action !== DETECT_IMAGE_SCORE) return answerError(res, call, requestId, immErrors.actionNotFound());
    if (version !== IMM_API_VERSION) return answerError(res, call, requestId, immErrors.versionNotFound());

    const parsed = readParams(params);
    if ('error' in parsed) return answerError(res, call, requestId, parsed.error);
    call.record.project = parsed.project;
    call.record.uri = parsed.uri;

    const decision = faults.decide(parsed.project, parsed.location.key);
    // Latency is the time to answer, the emulator's own work included, as a service's would be.
    const answerAt = arrivedAt + emulator.latencyMs + decision.latencyMs;
    const waitForAnswerTime = async () => {
      const wait = answerAt - Date.now();
      if (wait > 0) await sleep(wait);
      return !res.destroyed;
    };
    if (decision.terminal && decision.terminal.kind !== 'hang' && !(await waitForAnswerTime())) return;
    switch (decision.terminal?.kind) {
      case 'throttle':
        return answerError(res, call, requestId, immErrors.throttled());
      case 'server-error':
        return answerError(res, call, requestId, immErrors.internal(decision.terminal.status ?? 500));
      case 'hang':
        // Keep the socket open and never answer; `close` records the call when the client gives up.
        call.record.outcome = 'hang';
        return;
      case 'malformed': {
        const status = decision.terminal.status ?? 502;
        res.writeHead(status, { 'content-type': 'text/html' });
        res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
        call.end('malformed', status);
        return;
      }
      case undefined:
        break;
    }

    let score: number;
    try {
      if (!projects.has(parsed.project)) throw immErrors.projectNotFound();
      score = await memo.score(await store.read(parsed.location));
    } catch (error) {
      if (!(await waitForAnswerTime())) return;
      return answerError(res, call, requestId, error instanceof ImmError ? error : toImmError(error));
    }
    if (!(await waitForAnswerTime())) return;
    sendJson(res, 200, requestId, { RequestId: requestId, ImageScore: { OverallQualityScore: score } });
    call.end('ok', 200);
    logger.debug({ requestId, project: parsed.project, uri: parsed.uri, score }, 'scored');
  }

  function answerError(
    res: http.ServerResponse,
    call: OpenCall,
    requestId: string,
    error: ImmError,
  ): void {
    if (res.destroyed || res.headersSent) return;
    sendJson(res, error.status, requestId, immErrorBody(error, requestId, hostId));
    call.end(error.code, error.status);
    logger.debug({ requestId, code: error.code, status: error.status }, 'answered with an error');
  }

  return emulator;
}

/** The parameters of DetectImageScore, or the IMM error for the first bad one. */
function readParams(
  params: Record<string, string>,
): { project: string; uri: string; location: OssLocation } | { error: ImmError } {
  const project = params.ProjectName;
  if (project === undefined || project === '') return { error: immErrors.missingParameter('ProjectName') };
  const uri = params.SourceURI;
  if (uri === undefined || uri === '') return { error: immErrors.missingParameter('SourceURI') };
  const credentialConfig = params.CredentialConfig;
  if (credentialConfig !== undefined && !isJsonObject(credentialConfig)) {
    return { error: immErrors.invalidParameter('CredentialConfig', 'it must be a JSON object.') };
  }
  try {
    return { project, uri, location: parseSourceUri(uri) };
  } catch (error) {
    return { error: immErrors.invalidSourceUri(error instanceof Error ? error.message : 'unreadable') };
  }
}

function toImmError(error: unknown): ImmError {
  if (!(error instanceof ScoreError)) return immErrors.internal();
  switch (error.code) {
    case ScoreErrorCode.OBJECT_NOT_FOUND:
      return immErrors.objectNotFound();
    case ScoreErrorCode.UNSUPPORTED_IMAGE:
      // The store refuses oversized objects with this code before the scorer sees them.
      return /limit/.test(error.message) ? immErrors.imageTooLarge() : immErrors.unsupportedImage();
    case ScoreErrorCode.UPSTREAM_UNAVAILABLE:
      // The bucket did not answer in time: a server fault, which IMM does not bill and clients retry.
      return immErrors.internal(503);
    default:
      return immErrors.internal();
  }
}

function sendJson(res: http.ServerResponse, status: number, requestId: string, body: unknown): void {
  res.writeHead(status, {
    'content-type': 'application/json;charset=utf-8',
    'x-acs-request-id': requestId,
  });
  res.end(JSON.stringify(body));
}

function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function headerString(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

