/**
 * What the catalog writers share about applications (streams apps, connectors, ksqlDB clusters,
 * NiFi flows): how each kind is named, and every external system an application bridges.
 */
import type { ApplicationKind, ApplicationModel, ExternalSystemModel } from '../model/model';
import { indexByEach } from './names';

/** How each kind of application is named in sentences (`ksqlDB cluster sales.insights_`). */
export const APPLICATION_KIND_NAMES: Readonly<Record<ApplicationKind, string>> = {
  streams: 'streams app',
  connector: 'connector',
  ksql: 'ksqlDB cluster',
  nifi: 'NiFi flow',
};

/** Backstage component types of the applications. */
export const BACKSTAGE_APP_TYPES: Readonly<Record<ApplicationKind, string>> = {
  streams: 'kafka-streams-app',
  connector: 'kafka-connector',
  ksql: 'ksqldb-cluster',
  nifi: 'nifi-flow',
};

const byTopic = indexByEach((a: ApplicationModel) => [...a.inputs, ...a.outputs]);

/**
 * The applications that read or write `topic` (it is among their `inputs` or `outputs`), in the
 * model's order: indexed once per list of applications (a pass over every application for every
 * product or grant grew with products times applications).
 */
export function applicationsOnTopic(applications: readonly ApplicationModel[], topic: string): readonly ApplicationModel[] {
  return byTopic(applications).get(topic) ?? [];
}

/** Every system outside Kafka an application bridges: `external` first, then `externals`. */
export function applicationExternals(a: ApplicationModel): ExternalSystemModel[] {
  return [...(a.external ? [a.external] : []), ...(a.externals ?? [])];
}
