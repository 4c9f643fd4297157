import { KafkaClusterProps, SchemaRegistryProps } from 'cdktf-kafka-mesh';

/**
 * Connection settings of the example mesh, from the environment so that one code base deploys
 * to the local cluster (`npm run local:up` writes these variables) or any other. A KafkaMesh
 * without `cluster` reads the same variables itself; this adds the local cluster's defaults:
 *
 * | variable | default |
 * | --- | --- |
 * | KAFKA_BOOTSTRAP_SERVERS | `localhost:9092` (comma-separated list) |
 * | KAFKA_ENABLE_TLS | `true` |
 * | KAFKA_SASL_MECHANISM | `scram-sha512` |
 * | KAFKA_SASL_USERNAME | `admin` |
 * | KAFKA_SASL_PASSWORD | read by the provider itself at plan time, never synthesized |
 * | SCHEMA_REGISTRY_URL | `http://localhost:8081` |
 */
export function connectionFromEnv(env: NodeJS.ProcessEnv = process.env): { cluster: KafkaClusterProps; schemaRegistry: SchemaRegistryProps } {
  return {
    cluster: {
      bootstrapServers: (env.KAFKA_BOOTSTRAP_SERVERS ?? 'localhost:9092')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      tls: (env.KAFKA_ENABLE_TLS ?? 'true') === 'true',
      sasl: {
        mechanism: (env.KAFKA_SASL_MECHANISM ?? 'scram-sha512') as 'plain' | 'scram-sha256' | 'scram-sha512',
        username: env.KAFKA_SASL_USERNAME ?? 'admin',
        password: { fromEnv: true },
      },
    },
    schemaRegistry: { url: env.SCHEMA_REGISTRY_URL ?? 'http://localhost:8081' },
  };
}
