import type http from 'node:http';
import type { FaultRule } from './faults';
import type { FaultInjector } from './faults';
import type { CallRecorder } from './record';

/** What the admin API reads and changes. */
export interface AdminTargets {
  faults: FaultInjector;
  record: CallRecorder;
}

/**
 * A small admin API for demos and out-of-process tests (in-process tests call the objects):
 * - `GET /__admin/record`: `{ calls, inFlight, maxInFlight }`
 * - `DELETE /__admin/record`: forget calls and the maximum
 * - `GET /__admin/faults`: the rules; `POST /__admin/faults` with a rule (or an array) adds;
 *   `DELETE /__admin/faults?seed=N` removes every rule and reseeds
 * Rules are JSON `FaultRule`s; `regex` is a string there.
 */
export function adminRoutes(targets: AdminTargets) {
  return (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const route = `${req.method ?? 'GET'} ${url.pathname}`;
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    switch (route) {
      case 'GET /__admin/record':
        return send(200, {
          calls: targets.record.calls,
          inFlight: targets.record.inFlight,
          maxInFlight: targets.record.maxInFlight,
        });
      case 'DELETE /__admin/record':
        targets.record.reset();
        return send(204, null);
      case 'GET /__admin/faults':
        return send(200, targets.faults.list().map((rule) => ({ ...rule, regex: rule.regex?.toString() })));
      case 'DELETE /__admin/faults':
        targets.faults.reset(Number(url.searchParams.get('seed') ?? 1));
        return send(204, null);
      case 'POST /__admin/faults': {
        readJson(req).then(
          (body) => {
            try {
              const rules = (Array.isArray(body) ? body : [body]) as FaultRule[];
              for (const rule of rules) targets.faults.add(rule);
              send(201, { added: rules.length });
            } catch (error) {
              send(400, { message: error instanceof Error ? error.message : 'invalid rule' });
            }
          },
          () => send(400, { message: 'the body must be JSON' }),
        );
        return;
      }
      default:
        return send(404, { message: `no admin route ${route}` });
    }
  };
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}
