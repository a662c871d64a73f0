/**
 * Maps every error to one JSON shape: { error: { code, message } } with the catalogue's status.
 * Fastify's own errors (bad JSON, wrong content type) become 400s with a message saying what to fix.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodError } from 'zod';
import { PetTwinError, isPetTwinError } from '../errors.ts';

export function zodMessage(what: string, err: ZodError): string {
  const parts = err.issues.slice(0, 5).map((i) => `${i.path.length ? i.path.join('.') : what}: ${i.message}`);
  return `invalid ${what}: ${parts.join('; ')}`;
}

export function badRequest(message: string): PetTwinError {
  return new PetTwinError('BAD_REQUEST', message);
}

export function errorHandler(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply): void {
  if (isPetTwinError(err)) {
    if (err.status >= 500) req.log.error({ err }, err.message);
    void reply.status(err.status).send({ error: { code: err.code, message: err.message } });
    return;
  }
  const fe = err as FastifyError;
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    const message =
      fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
        ? `request body is not valid JSON: ${fe.message}`
        : fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'send the body as JSON with Content-Type: application/json'
          : fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
            ? 'request body is larger than the 64 KB limit: send one pet or request at a time'
            : fe.message;
    void reply.status(fe.statusCode).send({ error: { code: 'PETTWIN_BAD_REQUEST', message } });
    return;
  }
  req.log.error({ err }, 'unhandled error');
  void reply.status(500).send({ error: { code: 'PETTWIN_INTERNAL', message: 'internal error; see the server log' } });
}
