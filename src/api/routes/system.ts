/** Health, stream status, scenarios and Prometheus metrics. */
import type { FastifyInstance } from 'fastify';
import { PetTwinError } from '../../errors.ts';
import type { ApiDeps } from '../deps.ts';
import { badRequest, zodMessage } from '../http-errors.ts';
import { ScenarioRequestSchema } from '../protocol.ts';
import { createMetrics } from '../metrics.ts';

export function registerSystemRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const now = deps.now ?? Date.now;
  const metrics = createMetrics(deps);

  app.get('/api/v1/health', async (_req, reply) => {
    const h = deps.health();
    const ok = h.kafka === 'up' && h.storage === 'up';
    return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', ...h, uptimeS: Math.round((now() - deps.startedAt) / 1000) });
  });

  app.get('/api/v1/stream/status', async () => deps.monitor.status());

  app.get('/api/v1/scenarios', async () => ({ scenarios: deps.scenarios?.list() ?? [], simulatedPetIds: deps.scenarios?.petIds() ?? [] }));

  app.post('/api/v1/scenarios', async (req, reply) => {
    const parsed = ScenarioRequestSchema.safeParse(req.body);
    if (!parsed.success) throw badRequest(zodMessage('scenario request', parsed.error));
    if (!deps.scenarios) {
      throw new PetTwinError('SCENARIO_UNKNOWN', 'the simulator is off (SIM_ENABLED=false or SIM_PETS=0): scenarios need simulated pets');
    }
    const { petId, scenario, durationS, speed } = parsed.data;
    deps.scenarios.inject(petId, scenario, { durationS, speed });
    return reply.status(202).send({ accepted: true, petId, scenario });
  });

  app.get('/metrics', async (_req, reply) => {
    return reply.header('Content-Type', metrics.contentType).send(await metrics.render());
  });
}
