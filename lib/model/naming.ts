/**
 * Names in the mesh: domains, entities, topics, schema subjects and principals.
 *
 * Topics are `<domain>.<entity>` (optionally `.v<N>`), lower-case and legal for Kafka
 * (at most 249 characters of `[a-z0-9._-]`). A domain owns the prefix `<domain>.`.
 */

export const MAX_TOPIC_LENGTH = 249;

/** A domain name: lower-case letters, digits and dashes, starting with a letter. */
export const DOMAIN_NAME = /^[a-z][a-z0-9-]{0,62}$/;
/** An entity within a domain: lower-case letters, digits, `-` and `_`, dots for sub-entities. */
export const ENTITY_NAME = /^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)*$/;
/** A Kafka topic name that also follows the mesh's lower-case convention. */
export const TOPIC_NAME = /^[a-z0-9._-]+$/;
/** Any name Kafka accepts for a topic: ASCII letters (either case), digits, `.`, `_` and `-`. */
export const KAFKA_TOPIC_NAME = /^[A-Za-z0-9._-]+$/;
/** A Kafka principal: `User:<name>` (or `Group:<name>` for authorizers that support it). */
export const PRINCIPAL = /^(User|Group):[A-Za-z0-9._@=,+-]+$/;

export function topicName(domain: string, entity: string, version?: number): string {
  return version === undefined ? `${domain}.${entity}` : `${domain}.${entity}.v${version}`;
}

/** Why a topic name is not acceptable, or undefined when it is. */
export function topicNameProblem(name: string): string | undefined {
  const legal = kafkaTopicNameProblem(name);
  if (legal || TOPIC_NAME.test(name)) return legal;
  return 'must use only lower-case letters, digits, ".", "_" and "-"';
}

/**
 * Why a name is not a legal Kafka topic name (whatever the mesh's convention), or undefined when
 * it is: for topics that existed before the mesh and keep their names (`existingTopicName`).
 */
export function kafkaTopicNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'must not be empty';
  if (name === '.' || name === '..') return 'must not be "." or ".."';
  if (name.length > MAX_TOPIC_LENGTH) return `must be at most ${MAX_TOPIC_LENGTH} characters long, Kafka's limit (it is ${name.length})`;
  if (!KAFKA_TOPIC_NAME.test(name)) return 'must use only letters, digits, ".", "_" and "-" (what Kafka accepts in a topic name)';
  return undefined;
}

/**
 * Kafka refuses a topic whose name differs from an existing one only by `.` versus `_`
 * (they collide in metric names). This key is equal for colliding names.
 */
export function topicCollisionKey(name: string): string {
  return name.replace(/\./g, '_');
}

export function valueSubject(topic: string): string {
  return `${topic}-value`;
}

export function keySubject(topic: string): string {
  return `${topic}-key`;
}

/** `User:sales` for a bare `sales`; leaves `User:x` / `Group:x` as they are. */
export function normalizePrincipal(principal: string): string {
  return principal.includes(':') ? principal : `User:${principal}`;
}

/** The user name of a `User:` principal (`User:sales` -> `sales`). */
export function principalName(principal: string): string {
  const i = principal.indexOf(':');
  return i >= 0 ? principal.slice(i + 1) : principal;
}
