import type { ProviderRequirement } from './mesh-block';

/*
 * The providers the mesh's own blocks use, at the exact versions its bindings were generated from
 * (tools/gen/schemas/versions.json; a test holds the two together).
 */
export const KAFKA_PROVIDER: ProviderRequirement = { name: 'kafka', source: 'mongey/kafka', version: '0.13.1' };
export const RESTAPI_PROVIDER: ProviderRequirement = { name: 'restapi', source: 'mastercard/restapi', version: '1.20.0' };
export const SCHEMAREGISTRY_PROVIDER: ProviderRequirement = { name: 'schemaregistry', source: 'cultureamp/schemaregistry', version: '1.6.0' };
