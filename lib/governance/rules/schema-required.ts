import { defineRule } from '../rule';
import { isShared, sharedBecause } from './shared';

/** A product other domains read or write has a value schema: their contract. */
export const SCHEMA_REQUIRED = defineRule({
  id: 'SCHEMA_REQUIRED',
  summary: 'A product other domains read (or a shared topic) has a value schema',
  fix: 'Add valueSchema: Schema.avro(fromFile(...)) (or jsonSchema / protobuf)',
  level: 'error',
  checkProduct(p) {
    if (p.hasValueSchema || !isShared(p)) return [];
    return [
      {
        field: 'valueSchema',
        problem: `is required because ${sharedBecause(p)}: without a schema nothing tells them what the records hold, nor stops a breaking change`,
        fix: "add valueSchema: Schema.avro(fromFile('schemas/<domain>/<entity>.avsc')) (or Schema.jsonSchema / Schema.protobuf)",
      },
    ];
  },
});
