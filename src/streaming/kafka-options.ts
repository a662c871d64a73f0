/**
 * Connection options for every Kafka client the product creates, from the validated config:
 * the local broker over PLAINTEXT, or any cluster (Confluent Cloud: SASL_SSL + PLAIN with an
 * API key and secret). One place, so producer, consumer and admin never disagree.
 */
import { readFileSync } from 'node:fs';
import type { BaseOptions } from '@platformatic/kafka';
import type { AppConfig } from '../config/config.ts';

export function kafkaBaseOptions(config: AppConfig, bootstrap: string, clientSuffix: string): BaseOptions {
  const options: BaseOptions = {
    clientId: `${config.KAFKA_CLIENT_ID}-${clientSuffix}`,
    bootstrapBrokers: bootstrap.split(',').map((s) => s.trim()),
    // Fail fast enough that a dead broker shows up in health within seconds, retry transient errors.
    timeout: 10_000,
    retries: 5,
    retryDelay: 250,
    connectTimeout: 5_000,
  };
  const protocol = config.KAFKA_SECURITY_PROTOCOL;
  // A private CA (self-hosted cluster) when KAFKA_SSL_CA_FILE is set; the system's CAs otherwise.
  if (protocol === 'SSL' || protocol === 'SASL_SSL') options.tls = config.KAFKA_SSL_CA_FILE ? { ca: readFileSync(config.KAFKA_SSL_CA_FILE) } : {};
  if (protocol === 'SASL_SSL' || protocol === 'SASL_PLAINTEXT') {
    options.sasl = {
      mechanism: config.KAFKA_SASL_MECHANISM,
      username: config.KAFKA_API_KEY!,
      password: config.KAFKA_API_SECRET!,
    };
  }
  return options;
}

type NestedError = { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown };

/** Every error in the client's nest of wrappers (MultipleErrors → NetworkError → the reason). */
function errorChain(err: unknown, out: NestedError[] = [], depth = 0): NestedError[] {
  if (!err || typeof err !== 'object' || depth > 8) return out;
  const e = err as NestedError;
  out.push(e);
  if (Array.isArray(e.errors)) for (const inner of e.errors) errorChain(inner, out, depth + 1);
  errorChain(e.cause, out, depth + 1);
  return out;
}

/**
 * What went wrong talking to Kafka, in the words of the setting to fix. The client reports a
 * refused login as "metadata failed 6 times" at the top; the reason sits a few wrappers down.
 */
export function explainKafkaError(err: unknown): string {
  const chain = errorChain(err);
  const codes = chain.map((e) => String(e.code ?? ''));
  const texts = chain.map((e) => String(e.message ?? ''));
  if (codes.includes('PLT_KFK_AUTHENTICATION') && texts.some((m) => /SASL authentication failed/i.test(m))) {
    return 'SASL authentication failed: check KAFKA_API_KEY, KAFKA_API_SECRET and KAFKA_SASL_MECHANISM (Confluent Cloud: a cluster API key, mechanism PLAIN)';
  }
  if (codes.includes('PLT_KFK_AUTHENTICATION')) {
    return `the broker refused the SASL handshake (${texts[texts.length - 1]}): check KAFKA_SECURITY_PROTOCOL (Confluent Cloud: SASL_SSL) and KAFKA_SASL_MECHANISM`;
  }
  const tls = chain.find((e) => /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/.test(String(e.code ?? '')));
  if (tls) return `the broker's TLS certificate is not trusted (${String(tls.message)}): set KAFKA_SSL_CA_FILE to the CA that signed it`;
  const top = texts[0] ?? String(err);
  const reason = texts.slice(1).filter((m) => m && m !== top).pop();
  return reason ? `${top} (${reason})` : top;
}
