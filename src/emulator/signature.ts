import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { ImmError } from './imm-error';
import { immErrors } from './imm-error';

/** The parts of an HTTP request a signature covers, as they arrived on the wire. */
export interface WireRequest {
  method: string;
  /** Path and raw query, as in `IncomingMessage.url`. */
  url: string;
  /** Header names lower-cased, as node gives them. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Buffer;
}

/** An AccessKey pair the emulator accepts; with `securityToken` it stands for STS credentials. */
export interface AccessKey {
  accessKeyId: string;
  accessKeySecret: string;
  /** When set, calls must carry this token (`x-acs-security-token` or `SecurityToken`). */
  securityToken?: string;
}

/** Which signature a request carried, and with which key. */
export interface VerifiedSignature {
  algorithm: 'ACS3-HMAC-SHA256' | 'HMAC-SHA1';
  accessKeyId: string;
  /** The request's parameters: the decoded query plus any form body. */
  params: Record<string, string>;
  /** `x-acs-date` or `Timestamp`, unchecked. */
  timestamp?: string;
  /** `x-acs-signature-nonce` or `SignatureNonce`, unchecked. */
  nonce?: string;
}

/** A verification: the signature, or the IMM error to answer with. */
export type VerifyResult = { ok: true; value: VerifiedSignature } | { ok: false; error: ImmError };

/** Looks up the key an AccessKeyId names, or undefined when it is unknown. */
export type KeyLookup = (accessKeyId: string) => AccessKey | undefined;

/**
 * Percent-encoding of Alibaba Cloud signatures: encodeURIComponent plus `!'()*`, which
 * encodeURIComponent leaves raw.
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * Decodes a raw query (or a form body) into pairs, `+` as space. Duplicate names are refused:
 * RPC parameters are single-valued, and two values would make the canonical form ambiguous.
 */
export function parseQuery(raw: string): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const [rawKey, rawValue] = eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      return undefined;
    }
    if (Object.hasOwn(params, key)) return undefined;
    params[key] = value;
  }
  return params;
}

/** ACS3's canonical query: keys sorted and left raw, values percent-encoded, `&`-joined. */
export function acs3CanonicalQuery(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .sort()
    .map((key) => `${key}=${percentEncode(params[key] ?? '')}`)
    .join('&');
}

/** The parts of an ACS3 `Authorization` header. */
export interface Acs3Authorization {
  algorithm: string;
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

/** Parses `ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<a;b>,Signature=<hex>`. */
export function parseAcs3Authorization(header: string): Acs3Authorization | undefined {
  const match = /^(\S+) Credential=([^,]*),SignedHeaders=([^,]*),Signature=([0-9a-f]+)$/.exec(
    header.trim(),
  );
  if (!match) return undefined;
  const [, algorithm = '', accessKeyId = '', signedHeaders = '', signature = ''] = match;
  return { algorithm, accessKeyId, signedHeaders: signedHeaders.split(';'), signature };
}

/** The inputs of an ACS3 canonical request. */
export interface Acs3CanonicalInput {
  method: string;
  pathname: string;
  params: Readonly<Record<string, string>>;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  signedHeaders: readonly string[];
  /** Hex SHA-256 of the body. */
  payloadHash: string;
}

/**
 * The ACS3 canonical request, as `@alicloud/openapi-util` builds it:
 * `METHOD\nURI\nQUERY\nHEADERS\nSIGNED_HEADERS\nHEX_SHA256(body)`, headers `name:trimmed\n`.
 */
export function acs3CanonicalRequest(input: Acs3CanonicalInput): string {
  const headers = input.signedHeaders
    .map((name) => `${name}:${headerValue(input.headers, name).trim()}\n`)
    .join('');
  return [
    input.method.toUpperCase(),
    input.pathname,
    acs3CanonicalQuery(input.params),
    headers,
    input.signedHeaders.join(';'),
    input.payloadHash,
  ].join('\n');
}

/** hex(HMAC-SHA256(secret, "ACS3-HMAC-SHA256\n" + hex(sha256(canonicalRequest)))). */
export function acs3Signature(secret: string, canonicalRequest: string): string {
  const stringToSign = `ACS3-HMAC-SHA256\n${sha256Hex(canonicalRequest)}`;
  return createHmac('sha256', secret).update(stringToSign).digest('hex');
}

/** The v2 (HMAC-SHA1) string to sign: `METHOD&%2F&` + encode(sorted encoded pairs). */
export function v2StringToSign(method: string, params: Readonly<Record<string, string>>): string {
  const canonical = Object.keys(params)
    .filter((key) => key !== 'Signature')
    .sort()
    .map((key) => `${percentEncode(key)}=${percentEncode(params[key] ?? '')}`)
    .join('&');
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonical)}`;
}

/** base64(HMAC-SHA1(secret + "&", stringToSign)). */
export function v2Signature(secret: string, stringToSign: string): string {
  return createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64');
}

/**
 * Verifies a request's signature: ACS3-HMAC-SHA256 when it has an `Authorization` header, else
 * the v2 HMAC-SHA1 query signature. Checks the key, the STS token when the key has one, and
 * that every `x-acs-*` header is signed (an unsigned one could be swapped in transit). Does not
 * check the date or the nonce: see `replay.ts`.
 */
export function verifySignature(request: WireRequest, keyOf: KeyLookup): VerifyResult {
  const queryAt = request.url.indexOf('?');
  const pathname = queryAt < 0 ? request.url : request.url.slice(0, queryAt);
  const query = parseQuery(queryAt < 0 ? '' : request.url.slice(queryAt + 1));
  const form = isForm(request) ? parseQuery(request.body.toString('utf8')) : {};
  if (!query || !form) {
    return fail(immErrors.incompleteSignature('the query or form body is malformed'));
  }
  const authorization = headerValue(request.headers, 'authorization');
  return authorization
    ? verifyAcs3(request, pathname, query, form, authorization, keyOf)
    : verifyV2(request, query, form, keyOf);
}

function verifyAcs3(
  request: WireRequest,
  pathname: string,
  query: Record<string, string>,
  form: Record<string, string>,
  authorization: string,
  keyOf: KeyLookup,
): VerifyResult {
  const auth = parseAcs3Authorization(authorization);
  if (!auth || auth.algorithm !== 'ACS3-HMAC-SHA256') {
    return fail(immErrors.incompleteSignature('unsupported Authorization header'));
  }
  const key = keyOf(auth.accessKeyId);
  if (!key) return fail(immErrors.accessKeyNotFound());

  const signed = new Set(auth.signedHeaders);
  const unsigned = Object.keys(request.headers).filter(
    (name) => (name.startsWith('x-acs-') || name === 'host') && !signed.has(name),
  );
  if (unsigned.length > 0 || !isSorted(auth.signedHeaders)) {
    return fail(immErrors.incompleteSignature('every x-acs-* header and host must be signed'));
  }

  const canonical = acs3CanonicalRequest({
    method: request.method,
    pathname,
    params: query,
    headers: request.headers,
    signedHeaders: auth.signedHeaders,
    // The body's real hash, not the x-acs-content-sha256 header: a changed body must fail.
    payloadHash: sha256Hex(request.body),
  });
  if (!safeEqual(acs3Signature(key.accessKeySecret, canonical), auth.signature)) {
    return fail(immErrors.signatureMismatch());
  }
  if (key.securityToken !== undefined) {
    const token = headerValue(request.headers, 'x-acs-security-token');
    if (!safeEqual(token, key.securityToken)) return fail(immErrors.securityTokenMismatch());
  }
  return {
    ok: true,
    value: {
      algorithm: 'ACS3-HMAC-SHA256',
      accessKeyId: auth.accessKeyId,
      params: { ...form, ...query },
      timestamp: optionalHeader(request.headers, 'x-acs-date'),
      nonce: optionalHeader(request.headers, 'x-acs-signature-nonce'),
    },
  };
}

function verifyV2(
  request: WireRequest,
  query: Record<string, string>,
  form: Record<string, string>,
  keyOf: KeyLookup,
): VerifyResult {
  const params = { ...form, ...query };
  const accessKeyId = params.AccessKeyId;
  if (accessKeyId === undefined) return fail(immErrors.missingAccessKeyId());
  const signature = params.Signature;
  if (signature === undefined) return fail(immErrors.missingParameter('Signature'));
  if (params.SignatureMethod !== 'HMAC-SHA1') {
    return fail(immErrors.incompleteSignature('SignatureMethod must be HMAC-SHA1'));
  }
  const key = keyOf(accessKeyId);
  if (!key) return fail(immErrors.accessKeyNotFound());

  const expected = v2Signature(key.accessKeySecret, v2StringToSign(request.method, params));
  if (!safeEqual(expected, signature)) return fail(immErrors.signatureMismatch());
  if (key.securityToken !== undefined && !safeEqual(params.SecurityToken, key.securityToken)) {
    return fail(immErrors.securityTokenMismatch());
  }
  const { Signature: _signature, ...rest } = params;
  return {
    ok: true,
    value: {
      algorithm: 'HMAC-SHA1',
      accessKeyId,
      params: rest,
      timestamp: params.Timestamp,
      nonce: params.SignatureNonce,
    },
  };
}

function fail(error: ImmError): VerifyResult {
  return { ok: false, error };
}

function headerValue(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  name: string,
): string {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : (value ?? '');
}

function optionalHeader(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  name: string,
): string | undefined {
  return headers[name] === undefined ? undefined : headerValue(headers, name);
}

function isForm(request: WireRequest): boolean {
  return (
    request.body.length > 0 &&
    headerValue(request.headers, 'content-type').startsWith('application/x-www-form-urlencoded')
  );
}

function isSorted(names: readonly string[]): boolean {
  return names.every((name, i) => i === 0 || (names[i - 1] ?? '') < name);
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Constant-time comparison, so a signature cannot be guessed byte by byte from timings. */
function safeEqual(actual: string | undefined, expected: string): boolean {
  if (actual === undefined) return false;
  const a = Buffer.from(actual);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
