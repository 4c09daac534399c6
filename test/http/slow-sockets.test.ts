import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { HashScoreSource } from '../helpers/fake-source';
import type { RunningGateway } from '../helpers/gateway';
import { IMAGE_SCORE_QUERY, startGateway } from '../helpers/gateway';
import { counterFrom } from '../helpers/prometheus';

/** What a raw client saw: how long the server kept the socket and the bytes it sent. */
interface SocketFate {
  closedAfterMs: number;
  received: string;
}

/**
 * Opens a raw socket, lets `drive` write to it (slowly), and resolves when the server closes it
 * or after `giveUpMs` (then `closedAfterMs` is Infinity: the server never closed it).
 */
function watchSocket(port: number, drive: (socket: net.Socket) => void, giveUpMs: number): Promise<SocketFate> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ closedAfterMs: Infinity, received });
    }, giveUpMs);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ closedAfterMs: Date.now() - started, received });
    });
    drive(socket);
  });
}

/** Writes `line` every `everyMs` while the socket is open: never quite finishing. */
function trickle(socket: net.Socket, first: string, line: string, everyMs: number): void {
  socket.write(first);
  const timer = setInterval(() => {
    if (socket.writable) socket.write(line);
  }, everyMs);
  socket.on('close', () => clearInterval(timer));
}

describe('slow sockets', () => {
  let running: RunningGateway;
  let port: number;

  beforeAll(async () => {
    running = await startGateway(
      {
        HTTP_HEADERS_TIMEOUT_MS: '800',
        HTTP_REQUEST_TIMEOUT_MS: '1500',
        HTTP_IDLE_TIMEOUT_MS: '5000',
      },
      // Slower than every deadline above but the idle one: a slow answer is not a slow client.
      { source: new HashScoreSource({ delayMs: 2000 }) },
    );
    port = (running.gateway.httpServer.address() as AddressInfo).port;
  });

  afterAll(() => running.close());

  it('closes a socket that trickles its headers (slowloris) at HTTP_HEADERS_TIMEOUT_MS, with a 408', async () => {
    const counter = await counterFrom(running.url, 'gateway_graphql_errors_total{code="REQUEST_TIMEOUT"}');

    const fate = await watchSocket(
      port,
      (socket) => trickle(socket, 'POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Slow: 1\r\n', 100),
      6000,
    );

    expect(fate.closedAfterMs).toBeGreaterThanOrEqual(700);
    expect(fate.closedAfterMs).toBeLessThan(4000);
    expect(fate.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(JSON.parse(fate.received.slice(fate.received.indexOf('\r\n\r\n') + 4))).toEqual({
      errors: [{ message: expect.any(String), extensions: { code: 'REQUEST_TIMEOUT' } }],
    });
    expect(await counter.delta()).toBe(1);
  });

  it('closes a connection that never sends a byte', async () => {
    const fate = await watchSocket(port, () => undefined, 6000);

    expect(fate.closedAfterMs).toBeLessThan(4000);
  });

  it('closes a socket that trickles its body at HTTP_REQUEST_TIMEOUT_MS', async () => {
    const head = 'POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n{';

    const fate = await watchSocket(port, (socket) => trickle(socket, head, ' ', 100), 7000);

    expect(fate.closedAfterMs).toBeGreaterThanOrEqual(1300);
    expect(fate.closedAfterMs).toBeLessThan(5000);
    expect(fate.received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('still answers a request whose resolver outlasts the head and request deadlines', async () => {
    const body = JSON.stringify({ query: IMAGE_SCORE_QUERY, variables: { projectName: 'demo', sourceUri: 'oss://bkt/slow.jpg' } });

    const response = await fetch(running.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const answer = (await response.json()) as { data?: { imageScore?: { overallQualityScore: number } } };

    expect(response.status).toBe(200);
    expect(answer.data?.imageScore?.overallQualityScore).toBeGreaterThanOrEqual(0);
  });
});

describe('a socket gone quiet mid-request', () => {
  it('is closed at HTTP_IDLE_TIMEOUT_MS, before the request deadline', async () => {
    const running = await startGateway(
      { HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '20000', HTTP_IDLE_TIMEOUT_MS: '1000' },
      { source: new HashScoreSource() },
    );
    try {
      const port = (running.gateway.httpServer.address() as AddressInfo).port;
      const head = 'POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{';

      const fate = await watchSocket(port, (socket) => socket.write(head), 8000);

      expect(fate.closedAfterMs).toBeGreaterThanOrEqual(900);
      expect(fate.closedAfterMs).toBeLessThan(6000);
    } finally {
      await running.close();
    }
  });
});
