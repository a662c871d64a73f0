/** Alerts: list with filters, one alert, acknowledge. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AlertKindSchema } from '../../domain/alert.ts';
import { PetTwinError } from '../../errors.ts';
import type { ApiDeps } from '../deps.ts';
import { badRequest, zodMessage } from '../http-errors.ts';

const AlertsQuerySchema = z
  .object({
    petId: z.string().min(1).optional(),
    status: z.enum(['active', 'acknowledged', 'resolved', 'open']).optional(),
    kind: AlertKindSchema.optional(),
    limit: z.coerce
      .number({ error: 'must be one whole number from 1 to 1000' })
      .int({ error: 'must be a whole number from 1 to 1000' })
      .min(1, { error: 'must be from 1 to 1000' })
      .max(1000, { error: 'must be from 1 to 1000' })
      .default(100),
  })
  .strict();

export function registerAlertRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const now = deps.now ?? Date.now;

  app.get('/api/v1/alerts', async (req) => {
    const parsed = AlertsQuerySchema.safeParse(req.query);
    if (!parsed.success) throw badRequest(zodMessage('query', parsed.error));
    return { alerts: await deps.store.listAlerts(parsed.data) };
  });

  app.get<{ Params: { id: string } }>('/api/v1/alerts/:id', async (req) => {
    const alert = await deps.store.getAlert(req.params.id);
    if (!alert) throw new PetTwinError('ALERT_NOT_FOUND', `no alert with id "${req.params.id}"`);
    return { alert, history: await deps.store.alertHistory(req.params.id) };
  });

  app.post<{ Params: { id: string } }>('/api/v1/alerts/:id/ack', async (req) => {
    const id = req.params.id;
    const t = deps.engine.acknowledge(id, now());
    if (t) {
      await deps.publishTransition(t);
      return { alert: t.alert };
    }
    // Already acknowledged: acknowledging twice is harmless and publishes nothing.
    const open = deps.engine.openAlert(id);
    if (open) return { alert: open };
    const stored = await deps.store.getAlert(id);
    if (!stored) throw new PetTwinError('ALERT_NOT_FOUND', `no alert with id "${id}"`);
    if (stored.status === 'resolved') {
      throw new PetTwinError('ALERT_ALREADY_RESOLVED', `alert "${id}" was resolved at ${new Date(stored.resolvedAt ?? stored.updatedAt).toISOString()}; nothing to acknowledge`);
    }
    // Already acknowledged: acknowledging twice is harmless.
    return { alert: stored };
  });
}
