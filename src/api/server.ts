/**
 * Builds the HTTP API, the WebSocket and the dashboard's static files on one Fastify instance.
 * A factory with no listen(): tests call inject(); the app calls listen() separately.
 */
import { existsSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import type { ApiDeps } from './deps.ts';
import { errorHandler } from './http-errors.ts';
import { registerAlertRoutes } from './routes/alerts.ts';
import { registerPetRoutes } from './routes/pets.ts';
import { registerSystemRoutes } from './routes/system.ts';
import { createWsHub, type WsHub } from './ws-hub.ts';

export async function buildServer(deps: ApiDeps, opts: { logger?: boolean } = {}): Promise<{ app: FastifyInstance; hub: WsHub }> {
  const app = Fastify({
    logger: opts.logger ? { level: deps.config.LOG_LEVEL } : false,
    bodyLimit: 64 * 1024,
    // Errors the router raises before any route runs (a URL like /api/v1/pets/%ZZ) get the same
    // {"error": {code, message}} shape as every other 4xx.
    frameworkErrors: (err, req, reply) => errorHandler(err, req, reply),
  });
  app.setErrorHandler(errorHandler);
  await app.register(fastifyWebsocket, { options: { maxPayload: 16 * 1024 } });
  const hub = createWsHub(deps);
  app.addHook('onClose', async () => hub.close());

  app.get('/api/v1/ws', { websocket: true }, (socket) => hub.attach(socket));
  registerSystemRoutes(app, deps);
  registerPetRoutes(app, deps);
  registerAlertRoutes(app, deps);

  if (deps.webRoot && existsSync(deps.webRoot)) {
    await app.register(fastifyStatic, { root: deps.webRoot, wildcard: false });
    // Client-side routes fall back to the dashboard; unknown API paths stay JSON 404s.
    app.setNotFoundHandler((req, reply) => {
      if (req.url.startsWith('/api/') || req.method !== 'GET') {
        return reply.status(404).send({ error: { code: 'PETTWIN_NOT_FOUND', message: `no route ${req.method} ${req.url.split('?')[0]}` } });
      }
      return reply.sendFile('index.html');
    });
  } else {
    app.setNotFoundHandler((req, reply) =>
      reply.status(404).send({ error: { code: 'PETTWIN_NOT_FOUND', message: `no route ${req.method} ${req.url.split('?')[0]}` } }),
    );
    app.get('/', async (_req, reply) =>
      reply.type('text/plain').send('PetTwin Care API is running; the dashboard is not built. Run `npm run build`, then restart.'),
    );
  }
  return { app, hub };
}
