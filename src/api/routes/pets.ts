/** Pets: register, list (the twins), one twin, and a pet's vitals history. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PetProfileSchema } from '../../domain/pet.ts';
import { PetTwinError } from '../../errors.ts';
import type { ApiDeps } from '../deps.ts';
import { badRequest, zodMessage } from '../http-errors.ts';

const HOUR_MS = 3_600_000;
/** The most points one history request returns (a week of minutes is ~10,000). */
const MAX_POINTS = 50_000;

const TIME_HINT = 'use milliseconds since the epoch (e.g. 1796320000000) or an ISO date/time (e.g. 2026-12-03T10:00:00Z)';
/** A time in a query string: whole milliseconds since the epoch, or anything ISO 8601. */
const timeParam = z.string().transform((s, ctx) => {
  const t = /^\d+$/.test(s) ? Number(s) : /^\d{4}-\d{2}-\d{2}/.test(s) ? Date.parse(s) : Number.NaN;
  if (!Number.isSafeInteger(t) || t < 0) {
    ctx.addIssue({ code: 'custom', message: TIME_HINT });
    return z.NEVER;
  }
  return t;
});

const VitalsQuerySchema = z
  .object({
    from: timeParam.optional(),
    to: timeParam.optional(),
    resolution: z.enum(['raw', 'minute', 'auto']).default('auto'),
    limit: z.coerce
      .number({ error: `must be one whole number from 1 to ${MAX_POINTS}` })
      .int({ error: `must be a whole number from 1 to ${MAX_POINTS}` })
      .min(1, { error: `must be from 1 to ${MAX_POINTS}` })
      .max(MAX_POINTS, { error: `must be from 1 to ${MAX_POINTS}` })
      .default(5000),
  })
  .strict();

export function registerPetRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const now = deps.now ?? Date.now;

  app.get('/api/v1/pets', async () => ({ pets: deps.engine.twins() }));

  app.post('/api/v1/pets', async (req, reply) => {
    const parsed = PetProfileSchema.safeParse(req.body);
    if (!parsed.success) throw badRequest(zodMessage('pet', parsed.error));
    const pet = parsed.data;
    const existing = deps.engine.twin(pet.id);
    const stored = await deps.store.getPet(pet.id);
    await deps.store.upsertPet(pet);
    deps.engine.upsertPet(pet);
    const twin = deps.engine.twin(pet.id)!;
    deps.bus.emit({ type: 'pet', twin });
    return reply.status(stored || existing?.latest ? 200 : 201).send({ pet: twin });
  });

  app.get<{ Params: { id: string } }>('/api/v1/pets/:id', async (req) => {
    const twin = deps.engine.twin(req.params.id);
    if (!twin) throw new PetTwinError('PET_NOT_FOUND', `no pet with id "${req.params.id}"; GET /api/v1/pets lists them`);
    return { pet: twin };
  });

  app.get<{ Params: { id: string } }>('/api/v1/pets/:id/vitals', async (req) => {
    const parsed = VitalsQuerySchema.safeParse(req.query);
    if (!parsed.success) throw badRequest(zodMessage('query', parsed.error));
    const q = parsed.data;
    const petId = req.params.id;
    if (!deps.engine.twin(petId) && !(await deps.store.getPet(petId))) {
      throw new PetTwinError('PET_NOT_FOUND', `no pet with id "${petId}"; GET /api/v1/pets lists them`);
    }
    const to = q.to ?? now();
    const from = q.from ?? to - HOUR_MS;
    if (from > to) throw badRequest(`from (${from}) is after to (${to}): swap them`);
    const result = await deps.store.queryVitals(petId, { from, to, resolution: q.resolution, limit: q.limit });
    return { petId, from, to, ...result };
  });
}
