import { Principal } from 'cdktf-kafka-mesh';

/**
 * Consumers referenced by name from the producing domains' stacks (grants live with the
 * producer; no stack reads another stack's state).
 */
export const consumers = {
  sales: Principal.fromName('User:sales', { consumerGroupPrefix: 'sales.' }),
  marketing: Principal.fromName('User:marketing', { consumerGroupPrefix: 'marketing.' }),
  finance: Principal.fromName('User:finance', { consumerGroupPrefix: 'finance.' }),
  analytics: Principal.fromName('User:analytics', { consumerGroupPrefix: 'analytics.' }),
};
