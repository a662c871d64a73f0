/**
 * Connection options for every Kafka client the product creates, from the validated config:
 * the local broker over PLAINTEXT, or any cluster (Confluent Cloud: SASL_SSL + PLAIN with an
 * API key and secret). One place, so producer, consumer and admin never disagree.
 */
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
  if (protocol === 'SSL' || protocol === 'SASL_SSL') options.tls = {};
  if (protocol === 'SASL_SSL' || protocol === 'SASL_PLAINTEXT') {
    options.sasl = {
      mechanism: config.KAFKA_SASL_MECHANISM,
      username: config.KAFKA_API_KEY!,
      password: config.KAFKA_API_SECRET!,
    };
  }
  return options;
}
