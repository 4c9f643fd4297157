import type { GrantModel, MeshModel, ProductModel, SchemaModel } from '../../lib/model/model';

/**
 * A mesh model the example does not cover: Protobuf and JSON Schema products, key schemas,
 * a product without a schema, streams apps and connectors with external systems, a topic no
 * product declares, and names full of characters that Mermaid, DOT, YAML and HTML treat
 * specially.
 */

const TRANSACTIONS_PROTO = `syntax = "proto3";

package com.example.payments;

import "google/protobuf/timestamp.proto";

// A card payment, as the ledger books it.
message Transaction {
  // Ledger id of the booking.
  string transaction_id = 1;
  int64 amount_cents = 2;
  Status status = 3;
  repeated Line lines = 4;
  map<string, string> attributes = 5;
  google.protobuf.Timestamp booked_at = 6;
  optional string note = 7;

  enum Status {
    STATUS_UNSPECIFIED = 0;
    BOOKED = 1;
    REVERSED = 2;
  }

  message Line {
    string sku = 1;
    uint32 quantity = 2;
    double unit_price = 3;
  }
}

message Unused {
  string x = 1;
}
`;

const REFUND_JSON = JSON.stringify(
  {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Refund',
    description: 'A refund of a payment, possibly partial',
    type: 'object',
    definitions: {
      money: {
        type: 'object',
        properties: { amountCents: { type: 'integer' }, currency: { type: 'string', enum: ['EUR', 'USD', 'on'] } },
        required: ['amountCents', 'currency'],
      },
    },
    properties: {
      refundId: { type: 'string', format: 'uuid' },
      transactionId: { type: 'string' },
      amount: { $ref: '#/definitions/money' },
      reason: { type: ['string', 'null'], description: 'Why, in the customer\'s words: "too late" <b>#1</b>' },
      refundedAt: { type: 'string', format: 'date-time' },
      lines: {
        type: 'array',
        items: { type: 'object', properties: { sku: { type: 'string' }, quantity: { type: 'integer', minimum: 1 } }, required: ['sku'] },
      },
    },
    required: ['refundId', 'transactionId', 'amount', 'refundedAt'],
  },
  null,
  2,
);

const REFUND_KEY_JSON = JSON.stringify({
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'RefundKey',
  type: 'object',
  properties: { refundId: { type: 'string' } },
  required: ['refundId'],
});

const SHIPMENT_AVRO = JSON.stringify({
  type: 'record',
  name: 'Shipment',
  namespace: 'com.example.logistics',
  doc: 'A parcel on its way',
  fields: [
    { name: 'shipmentId', type: 'string', doc: 'Carrier tracking id' },
    { name: 'carrier', type: { type: 'enum', name: 'Carrier', symbols: ['DHL', 'UPS', 'NO'] } },
    { name: 'weightGrams', type: ['null', 'int'], default: null },
    { name: 'labels', type: { type: 'map', values: 'string' } },
    {
      name: 'origin',
      type: {
        type: 'record',
        name: 'Address',
        fields: [
          { name: 'street', type: 'string' },
          { name: 'city', type: 'string' },
        ],
      },
    },
    { name: 'destination', type: 'Address' },
    {
      name: 'legs',
      type: {
        type: 'array',
        items: {
          type: 'record',
          name: 'Leg',
          fields: [
            { name: 'from', type: 'Address' },
            { name: 'departedAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
          ],
        },
      },
    },
    { name: 'checksum', type: { type: 'fixed', name: 'Md5', size: 16 } },
    { name: 'price', type: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 } },
    { name: 'id', type: { type: 'string', logicalType: 'uuid' } },
  ],
});

function schema(subject: string, type: SchemaModel['type'], text: string): SchemaModel {
  return { subject, type, schema: text, origin: 'inline', references: [] };
}

function grant(principal: string, access: 'read' | 'write', topic: string): GrantModel {
  const name = principal.replace(/^User:/, '');
  return {
    grantee: name,
    principal,
    access,
    acls:
      access === 'read'
        ? [`${principal} Read Topic:${topic}`, `${principal} Describe Topic:${topic}`, `${principal} Read Group:${name}.*`]
        : [`${principal} Write Topic:${topic}`, `${principal} Describe Topic:${topic}`],
  };
}

function product(p: Partial<ProductModel> & Pick<ProductModel, 'topic' | 'domain' | 'entity' | 'description' | 'owner'>): ProductModel {
  const grants = p.grants ?? [];
  return {
    kind: 'product',
    tags: [],
    classification: 'internal',
    partitions: 3,
    replicationFactor: 3,
    config: { 'min.insync.replicas': '2' },
    protected: true,
    producers: [`User:${p.domain}`, ...grants.filter((g) => g.access === 'write').map((g) => g.principal)],
    consumers: grants.filter((g) => g.access === 'read').map((g) => g.principal),
    stack: p.domain,
    constructPath: `${p.domain}/${p.domain}/${p.entity}`,
    ...p,
    grants,
  };
}

export const FIXTURE_WEIRD_APP = 'loader "v2" <beta> #1 \\ back';
export const FIXTURE_WEIRD_SYSTEM = 's3:"bi" \\ bucket\nline 2';

export function fixtureModel(): MeshModel {
  return {
    modelVersion: 1,
    domains: [
      {
        name: 'payments',
        owner: 'payments-team@example.com',
        contact: '#payments',
        description: 'Card payments and refunds',
        principal: 'User:payments',
        consumerGroupPrefix: 'payments.',
        topicPrefix: 'payments.',
        stack: 'payments',
        constructPath: 'payments/payments',
      },
      {
        name: 'logistics',
        owner: 'Logistics Team',
        contact: 'logistics@example.com',
        principal: 'User:logistics',
        consumerGroupPrefix: 'logistics.',
        topicPrefix: 'logistics.',
        stack: 'logistics',
        constructPath: 'logistics/logistics',
      },
    ],
    products: [
      product({
        topic: 'payments.transactions',
        domain: 'payments',
        entity: 'transactions',
        description: 'Card payments as booked by the ledger',
        owner: 'payments-team@example.com',
        tags: ['payments', 'cold_chain'],
        classification: 'pii',
        sla: { availabilityPercent: 99.95, maxLatencyMs: 1000, support: '24x7' },
        config: { 'min.insync.replicas': '2', 'retention.ms': '-1', 'cleanup.policy': 'compact,delete', 'max.message.bytes': '2097152' },
        compatibility: 'FULL_TRANSITIVE',
        valueSchema: schema('payments.transactions-value', 'PROTOBUF', TRANSACTIONS_PROTO),
        grants: [grant('User:logistics', 'read', 'payments.transactions'), grant('User:bi', 'read', 'payments.transactions')],
        waivers: [
          {
            rule: 'PII_CROSS_DOMAIN_READ',
            reason: 'Logistics prints the <card holder> on "returns" labels',
            declaredAt: 'payments/payments/transactions',
          },
        ],
      }),
      product({
        topic: 'payments.refunds.v2',
        domain: 'payments',
        entity: 'refunds',
        version: 2,
        description: 'Refunds: "partial" or full <b>bold</b> & more\nsecond line',
        owner: 'refunds-squad@example.com',
        tags: ['payments', 'refunds'],
        compatibility: 'BACKWARD',
        valueSchema: schema('payments.refunds.v2-value', 'JSON', REFUND_JSON),
        keySchema: schema('payments.refunds.v2-key', 'JSON', REFUND_KEY_JSON),
        grants: [grant('User:bi', 'read', 'payments.refunds.v2')],
      }),
      product({
        topic: 'logistics.shipments',
        domain: 'logistics',
        entity: 'shipments',
        description: 'Shipments from the warehouses to customers',
        owner: 'Logistics Team',
        tags: ['shipping'],
        valueSchema: schema('logistics.shipments-value', 'AVRO', SHIPMENT_AVRO),
        keySchema: schema('logistics.shipments-key', 'AVRO', '"string"'),
        grants: [grant('User:bi', 'read', 'logistics.shipments')],
      }),
      product({
        topic: 'logistics.scratch_pad',
        domain: 'logistics',
        entity: 'scratch_pad',
        kind: 'shared',
        description: 'A topic without a schema',
        owner: 'Logistics Team',
        protected: false,
        grants: [grant('User:payments', 'write', 'logistics.scratch_pad')],
      }),
    ],
    principals: [
      { principal: 'User:payments', declaredBy: 'platform/payments' },
      { principal: 'User:logistics', declaredBy: 'platform/logistics' },
      { principal: 'User:bi', declaredBy: 'platform/bi', description: 'The BI warehouse loader' },
      { principal: 'User:ledger-connect', declaredBy: 'platform/ledger-connect' },
    ],
    applications: [
      {
        name: 'ledger-source',
        kind: 'connector',
        domain: 'payments',
        principal: 'User:ledger-connect',
        description: 'Reads bookings from the ledger database',
        inputs: [],
        outputs: ['payments.transactions'],
        external: { system: 'postgresql:ledger', direction: 'source' },
        stack: 'payments',
        constructPath: 'payments/ledger-source',
      },
      {
        name: 'refund-enricher',
        kind: 'streams',
        domain: 'payments',
        principal: 'User:payments',
        inputs: ['payments.transactions'],
        outputs: ['payments.refunds.v2'],
        stack: 'payments',
        constructPath: 'payments/refund-enricher',
      },
      {
        name: FIXTURE_WEIRD_APP,
        kind: 'connector',
        domain: 'logistics',
        principal: 'User:bi',
        inputs: ['logistics.shipments', 'legacy.events'],
        outputs: [],
        external: { system: FIXTURE_WEIRD_SYSTEM, direction: 'sink' },
        stack: 'logistics',
        constructPath: 'logistics/loader',
      },
    ],
  };
}
