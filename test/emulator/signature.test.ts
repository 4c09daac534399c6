import { checkTimestamp, NonceStore } from '../../src/emulator/replay';
import type { WireRequest } from '../../src/emulator/signature';
import { percentEncode, verifySignature } from '../../src/emulator/signature';
import { captureSigned } from '../helpers/capture-signed';
import { TEST_KEY, TEST_STS_KEY } from '../helpers/imm-emulator';

const keys = [TEST_KEY, TEST_STS_KEY];
const keyOf = (id: string) => keys.find((key) => key.accessKeyId === id);
const errorCode = (request: WireRequest) => {
  const result = verifySignature(request, keyOf);
  return result.ok ? 'ok' : result.error.code;
};

describe('ACS3-HMAC-SHA256 verification', () => {
  let signed: WireRequest;
  beforeAll(async () => {
    signed = await captureSigned('ACS3-HMAC-SHA256');
  });

  it('verifies a request signed by @alicloud/openapi-client, with its parameters decoded', () => {
    const result = verifySignature(signed, keyOf);

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({ algorithm: 'ACS3-HMAC-SHA256', accessKeyId: TEST_KEY.accessKeyId });
    expect(result.value.params).toMatchObject({ ProjectName: 'demo', SourceURI: "oss://photos/it's (a) *photo*!.png" });
    expect(result.value.nonce).toEqual(expect.any(String));
    expect(result.value.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('fails a tampered query value', () => {
    const url = signed.url.replace('ProjectName=demo', 'ProjectName=other');
    expect(url).not.toBe(signed.url);

    expect(errorCode({ ...signed, url })).toBe('SignatureDoesNotMatch');
  });

  it('fails an added query parameter', () => {
    expect(errorCode({ ...signed, url: `${signed.url}&Extra=1` })).toBe('SignatureDoesNotMatch');
  });

  it('fails a tampered signed header', () => {
    const headers = { ...signed.headers, 'x-acs-date': '2001-01-01T00:00:00Z' };

    expect(errorCode({ ...signed, headers })).toBe('SignatureDoesNotMatch');
  });

  it('fails an unsigned x-acs-* header', () => {
    const headers = { ...signed.headers, 'x-acs-security-token': 'smuggled' };

    expect(errorCode({ ...signed, headers })).toBe('IncompleteSignature');
  });

  it('fails a changed body', () => {
    expect(errorCode({ ...signed, body: Buffer.from('ProjectName=other') })).toBe('SignatureDoesNotMatch');
  });

  it('fails a wrong secret and an unknown key', () => {
    const wrongSecret = (id: string) => (id === TEST_KEY.accessKeyId ? { ...TEST_KEY, accessKeySecret: 'x' } : undefined);

    expect(verifySignature(signed, wrongSecret)).toMatchObject({ ok: false, error: { code: 'SignatureDoesNotMatch' } });
    expect(verifySignature(signed, () => undefined)).toMatchObject({ ok: false, error: { code: 'InvalidAccessKeyId.NotFound' } });
  });

  it('checks the STS token the client sends in x-acs-security-token', async () => {
    const sts = await captureSigned('ACS3-HMAC-SHA256', TEST_STS_KEY);
    const otherToken = (id: string) => (id === TEST_STS_KEY.accessKeyId ? { ...TEST_STS_KEY, securityToken: 'other' } : undefined);

    expect(errorCode(sts)).toBe('ok');
    expect(verifySignature(sts, otherToken)).toMatchObject({ ok: false, error: { code: 'InvalidSecurityToken.MismatchWithAccessKey' } });
  });
});

describe('v2 HMAC-SHA1 verification', () => {
  it('verifies a request signed by the client with signatureAlgorithm v2, and fails it tampered', async () => {
    const signed = await captureSigned('v2');

    expect(errorCode(signed)).toBe('ok');
    expect(errorCode({ ...signed, url: signed.url.replace('ProjectName=demo', 'ProjectName=demo2') })).toBe('SignatureDoesNotMatch');
    expect(errorCode({ ...signed, method: 'GET' })).toBe('SignatureDoesNotMatch');
  });
});

describe('replay protection', () => {
  it('accepts a nonce once per AccessKey', () => {
    const nonces = new NonceStore();

    expect(nonces.use('AK', 'n-1', 0)).toBeUndefined();
    expect(nonces.use('AK', 'n-1', 1000)?.code).toBe('SignatureNonceUsed');
    expect(nonces.use('OTHER', 'n-1', 1000)).toBeUndefined();
  });

  it('refuses a date more than 15 minutes off, either way, and a malformed one', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);

    expect(checkTimestamp('2026-01-01T12:14:59Z', now)).toBeUndefined();
    expect(checkTimestamp('2026-01-01T11:45:00Z', now)).toBeUndefined();
    expect(checkTimestamp('2026-01-01T12:15:01Z', now)?.code).toBe('InvalidTimeStamp.Expired');
    expect(checkTimestamp('2026-01-01T11:44:59Z', now)?.code).toBe('InvalidTimeStamp.Expired');
    expect(checkTimestamp('Thu, 01 Jan 2026 12:00:00 GMT', now)?.code).toBe('InvalidTimeStamp.Format');
  });
});

it("percent-encodes as Alibaba Cloud signs: encodeURIComponent plus !'()*", () => {
  expect(percentEncode("a b!'()*~/")).toBe('a%20b%21%27%28%29%2A~%2F');
});
