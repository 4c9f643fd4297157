import { fail } from '../errors';
import { KafkaClusterProps, SASL_MECHANISMS, SchemaRegistryProps } from '../model/connection';

/**
 * The connection the environment gives, read as the providers read it: `KAFKA_BOOTSTRAP_SERVERS`
 * (comma-separated host:port), `KAFKA_ENABLE_TLS` (`true`/`false`, default true),
 * `KAFKA_SASL_USERNAME` with `KAFKA_SASL_MECHANISM` (default `plain`, as the kafka provider's),
 * `SCHEMA_REGISTRY_URL`. Passwords are never read here: the SASL password is `{ fromEnv: true }`,
 * which the provider reads from `KAFKA_SASL_PASSWORD` at plan time, so it is never synthesized.
 * An unusable value fails naming the variable (`path` is the mesh's construct path).
 */
export function connectionFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  path: string,
): { cluster?: KafkaClusterProps; schemaRegistry?: SchemaRegistryProps } {
  const registryUrl = env.SCHEMA_REGISTRY_URL?.trim();
  const schemaRegistry = registryUrl ? { url: registryUrl } : undefined;
  const servers = (env.KAFKA_BOOTSTRAP_SERVERS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!servers.length) return { ...(schemaRegistry ? { schemaRegistry } : {}) };
  const bad = servers.find((s) => !/^[^\s:]+:\d{1,5}$/.test(s));
  if (bad !== undefined) {
    fail({
      path,
      field: 'KAFKA_BOOTSTRAP_SERVERS (environment)',
      value: env.KAFKA_BOOTSTRAP_SERVERS,
      problem: `must be a comma-separated list of host:port addresses (${JSON.stringify(bad)} is not one)`,
      fix: 'export KAFKA_BOOTSTRAP_SERVERS=broker-1:9092,broker-2:9092, or set cluster.bootstrapServers on the KafkaMesh',
    });
  }
  const tlsText = env.KAFKA_ENABLE_TLS?.trim().toLowerCase();
  if (tlsText !== undefined && tlsText !== '' && tlsText !== 'true' && tlsText !== 'false') {
    fail({
      path,
      field: 'KAFKA_ENABLE_TLS (environment)',
      value: env.KAFKA_ENABLE_TLS,
      problem: 'must be true or false',
      fix: 'export KAFKA_ENABLE_TLS=true (or false for a broker without TLS), or set cluster.tls on the KafkaMesh',
    });
  }
  const username = env.KAFKA_SASL_USERNAME?.trim();
  const mechanism = env.KAFKA_SASL_MECHANISM?.trim().toLowerCase() || 'plain';
  if (!(SASL_MECHANISMS as readonly string[]).includes(mechanism)) {
    fail({
      path,
      field: 'KAFKA_SASL_MECHANISM (environment)',
      value: env.KAFKA_SASL_MECHANISM,
      problem: `must be one of ${SASL_MECHANISMS.join(', ')}`,
      fix: 'export KAFKA_SASL_MECHANISM=scram-sha512 (or plain, scram-sha256), or set cluster.sasl on the KafkaMesh',
    });
  }
  const cluster: KafkaClusterProps = {
    bootstrapServers: servers,
    ...(tlsText ? { tls: tlsText === 'true' } : {}),
    ...(username ? { sasl: { mechanism: mechanism as (typeof SASL_MECHANISMS)[number], username, password: { fromEnv: true } as const } } : {}),
  };
  return { cluster, ...(schemaRegistry ? { schemaRegistry } : {}) };
}
