import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';

const plugin: FastifyPluginAsync = async (app) => {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });
};

/**
 * Ends each keep-alive connection with the answer in flight when the app starts closing
 * (`Connection: close`). Node's `server.close()` closes only the connections idle at that
 * moment, so a client whose request was in flight would otherwise hold its socket open after
 * the answer, and the drain would wait for it (the Fastify drain plugin's 10 s force-close).
 */
export const closeConnectionsOnDrain = fp(plugin, { name: 'close-connections-on-drain' });
