/**
 * Configuration, validated once at start-up. Every setting comes from the environment (or a
 * git-ignored `.env` file read by the CLI); a bad one stops start-up with one line that names it
 * and says how to fix it.
 */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { PetTwinError } from '../errors.ts';

const intIn = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Env var name → schema, with its default. The README's configuration table mirrors this. */
export const ConfigSchema = z.object({
  PORT: intIn(0, 65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Unset = use the bundled local broker. */
  KAFKA_BOOTSTRAP_SERVERS: z.string().trim().optional(),
  KAFKA_SECURITY_PROTOCOL: z.enum(['PLAINTEXT', 'SASL_SSL', 'SSL', 'SASL_PLAINTEXT']).default('PLAINTEXT'),
  KAFKA_SASL_MECHANISM: z.enum(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']).default('PLAIN'),
  KAFKA_API_KEY: z.string().optional(),
  KAFKA_API_SECRET: z.string().optional(),
  /** PEM file of the CA that signed the cluster's TLS certificate; unset = the system's CAs (Confluent Cloud). */
  KAFKA_SSL_CA_FILE: z.string().optional(),
  KAFKA_CLIENT_ID: z.string().min(1).default('pettwin'),
  LOCAL_KAFKA_PORT: intIn(1024, 65534).default(9092), // the controller listens on port + 1
  LOCAL_KAFKA_HEAP_MB: intIn(128, 8192).default(512),
  /** Prefix for every topic name (tests use a fresh prefix each). */
  TOPIC_PREFIX: z.string().regex(/^[A-Za-z0-9._-]*$/, 'letters, digits, dot, dash, underscore').default(''),
  VITALS_PARTITIONS: intIn(1, 1000).default(6),
  ALERTS_PARTITIONS: intIn(1, 1000).default(6),
  REPLICATION_FACTOR: intIn(1, 10).default(1),
  VITALS_RETENTION_HOURS: intIn(1, 24 * 365).default(24),
  ALERTS_RETENTION_HOURS: intIn(1, 24 * 365 * 10).default(24 * 30),
  ANALYZER_GROUP_ID: z.string().min(1).default('pettwin-analyzer'),
  DATA_DIR: z.string().min(1).default('data'),
  /** Keep raw readings this long; the per-minute rollup is kept for ever. */
  RAW_RETENTION_DAYS: intIn(1, 3650).default(7),
  SIM_PETS: intIn(0, 100000).default(24),
  SIM_SEED: intIn(0, 2 ** 31 - 1).default(42),
  SIM_INTERVAL_MS: intIn(10, 60000).default(1000),
  SIM_ENABLED: bool.default(true),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

export type AppConfig = z.infer<typeof ConfigSchema> & {
  topics: { vitals: string; alerts: string; dlq: string };
  /** True when no KAFKA_BOOTSTRAP_SERVERS is set: the product starts its own broker. */
  useLocalBroker: boolean;
};

const FIXES: Partial<Record<keyof z.infer<typeof ConfigSchema>, string>> = {
  PORT: 'set it to a free TCP port such as 3000',
  LOCAL_KAFKA_PORT: 'set a free port from 1024 to 65534 (the local controller takes the next one)',
  KAFKA_BOOTSTRAP_SERVERS: 'set it to host:port[,host:port], or unset it to use the local broker',
  KAFKA_SECURITY_PROTOCOL: 'use PLAINTEXT locally or SASL_SSL for Confluent Cloud',
  SIM_PETS: 'set a whole number of simulated pets, 0 to turn the simulator off',
};

/** Reads and validates configuration from an env-like record. Throws PETTWIN_CONFIG_INVALID naming the setting. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(ConfigSchema.shape)) {
    const v = env[key];
    if (v !== undefined && v !== '') picked[key] = v;
  }
  if (env.KAFKA_BOOTSTRAP_SERVERS !== undefined && env.KAFKA_BOOTSTRAP_SERVERS.trim() === '' && env.KAFKA_BOOTSTRAP_SERVERS !== '') {
    throw new PetTwinError('CONFIG_INVALID', `KAFKA_BOOTSTRAP_SERVERS is blank: ${FIXES.KAFKA_BOOTSTRAP_SERVERS}`);
  }
  const parsed = ConfigSchema.safeParse(picked);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0]) as keyof typeof FIXES;
    const fix = FIXES[key] ? `: ${FIXES[key]}` : '';
    throw new PetTwinError('CONFIG_INVALID', `${key}=${JSON.stringify(env[key])} is invalid (${issue.message})${fix}`);
  }
  const c = parsed.data;
  if (c.KAFKA_BOOTSTRAP_SERVERS) {
    for (const hp of c.KAFKA_BOOTSTRAP_SERVERS.split(',')) {
      if (!/^[^:\s]+:\d{1,5}$/.test(hp.trim())) {
        throw new PetTwinError('CONFIG_INVALID', `KAFKA_BOOTSTRAP_SERVERS has "${hp}": ${FIXES.KAFKA_BOOTSTRAP_SERVERS}`);
      }
    }
  }
  if (c.KAFKA_SECURITY_PROTOCOL.startsWith('SASL') && (!c.KAFKA_API_KEY || !c.KAFKA_API_SECRET)) {
    throw new PetTwinError(
      'CONFIG_INVALID',
      `KAFKA_API_KEY and KAFKA_API_SECRET are required with KAFKA_SECURITY_PROTOCOL=${c.KAFKA_SECURITY_PROTOCOL}: set both (Confluent Cloud: an API key for the cluster)`,
    );
  }
  if (c.KAFKA_SSL_CA_FILE) {
    if (c.KAFKA_SECURITY_PROTOCOL !== 'SSL' && c.KAFKA_SECURITY_PROTOCOL !== 'SASL_SSL') {
      throw new PetTwinError('CONFIG_INVALID', `KAFKA_SSL_CA_FILE is set but KAFKA_SECURITY_PROTOCOL=${c.KAFKA_SECURITY_PROTOCOL} uses no TLS: set the protocol to SSL or SASL_SSL, or unset KAFKA_SSL_CA_FILE`);
    }
    if (!existsSync(c.KAFKA_SSL_CA_FILE)) {
      throw new PetTwinError('CONFIG_INVALID', `KAFKA_SSL_CA_FILE=${JSON.stringify(c.KAFKA_SSL_CA_FILE)} does not exist: give the path of the cluster's CA certificate (PEM), or unset it to trust the system's CAs`);
    }
  }
  const p = c.TOPIC_PREFIX;
  return {
    ...c,
    topics: { vitals: `${p}pet-vitals`, alerts: `${p}pet-alerts`, dlq: `${p}pet-vitals-dlq` },
    useLocalBroker: !c.KAFKA_BOOTSTRAP_SERVERS,
  };
}
