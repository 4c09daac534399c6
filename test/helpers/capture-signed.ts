import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ImmClient } from '../../src/datasources/imm/imm.client';
import type { AccessKey, WireRequest } from '../../src/emulator/signature';
import { credentialOf, TEST_KEY } from './imm-emulator';

/** Captures requests exactly as the real client sends them, and answers a valid score. */
export async function captureSigned(
  algorithm: 'ACS3-HMAC-SHA256' | 'v2',
  key: AccessKey = TEST_KEY,
  sourceUri = "oss://photos/it's (a) *photo*!.png",
): Promise<WireRequest> {
  let captured: WireRequest | undefined;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      captured = { method: req.method!, url: req.url!, headers: { ...req.headers }, body: Buffer.concat(chunks) };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ RequestId: 'R', ImageScore: { OverallQualityScore: 0.5 } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const client = new ImmClient({
      endpoint: `127.0.0.1:${(server.address() as AddressInfo).port}`,
      protocol: 'http',
      regionId: 'cn-hangzhou',
      credential: credentialOf(key),
      signatureAlgorithm: algorithm,
    });
    await client.detectImageScore({
      projectName: 'demo',
      sourceUri,
      credentialConfig: '{"Chain":[{"Role":"acs:ram::1:role/x(y)*"}]}',
      timeoutMs: 2000,
    });
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  return captured!;
}

/** Sends a captured request as is (same Host, same signature) to `url`; resolves status and body. */
export function replay(request: WireRequest, url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const target = new URL(request.url, url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: target.hostname, port: target.port, path: request.url, method: request.method, headers: request.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}
