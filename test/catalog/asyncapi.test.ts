/**
 * AsyncAPI 3.0 documents, parsed and validated by the AsyncAPI parser from npm with its Avro
 * and Protobuf schema parsers registered, so embedded schemas are checked too.
 */
import * as fs from 'fs';
import * as path from 'path';
import { AvroSchemaParser } from '@asyncapi/avro-schema-parser';
import { Diagnostic, DiagnosticSeverity, Parser } from '@asyncapi/parser';
import { ProtoBuffSchemaParser } from '@asyncapi/protobuf-schema-parser';
import * as YAML from 'yaml';
import { asyncApiDocument, asyncApiYaml, backstageEntities, SCHEMA_FORMATS } from '../../lib/catalog';
import { fixtureModel } from './fixture';
import { synthExample } from './helpers';

jest.setTimeout(120_000);

const example = synthExample();
const fixture = fixtureModel();
const connection = {
  bootstrapServers: ['broker-a:9093', 'broker-b:9093'],
  tls: true,
  saslMechanism: 'scram-sha512',
  schemaRegistryUrl: 'https://registry.invalid',
};

const parser = new Parser();
parser.registerSchemaParser(AvroSchemaParser());
parser.registerSchemaParser(ProtoBuffSchemaParser());

/** Errors and warnings the parser reports (hints and the "newer spec exists" note aside). */
async function problems(text: string): Promise<{ errors: string[]; warnings: string[] }> {
  const { diagnostics } = await parser.parse(text);
  const show = (d: Diagnostic) => `${d.code}: ${d.message} at ${d.path.join('/')}`;
  return {
    errors: diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).map(show),
    warnings: diagnostics.filter((d) => d.severity === DiagnosticSeverity.Warning).map(show),
  };
}

/** Every schemaFormat a document's messages use. */
function formatsOf(doc: any): string[] {
  return Object.values<any>(doc.components?.messages ?? {})
    .map((m) => m.payload?.schemaFormat)
    .filter(Boolean);
}

const KNOWN_FORMATS: string[] = Object.values(SCHEMA_FORMATS);

describe('AsyncAPI documents', () => {
  it('synth writes one per domain of the example mesh', () => {
    const files = fs.readdirSync(path.join(example.catalogDir, 'asyncapi')).sort();
    expect(files).toEqual(example.model.domains.map((d) => `${d.name}.asyncapi.yaml`).sort());
  });

  it.each(example.model.domains.map((d) => d.name))('%s (as synth wrote it) parses with zero errors', async (domain) => {
    const text = fs.readFileSync(path.join(example.catalogDir, 'asyncapi', `${domain}.asyncapi.yaml`), 'utf8');
    const { errors, warnings } = await problems(text);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    for (const f of formatsOf(YAML.parse(text))) expect(KNOWN_FORMATS).toContain(f);
  });

  it('every domain with servers, security and registry bindings parses with zero errors', async () => {
    for (const d of example.model.domains) {
      const { errors } = await problems(asyncApiYaml(example.model, d.name, example.options));
      expect({ domain: d.name, errors }).toEqual({ domain: d.name, errors: [] });
    }
  });

  it('keeps a product whose topic is __proto__ (a legal Kafka name): its channel, message and operations', () => {
    const model = fixtureModel();
    const payments = model.products.find((p) => p.domain === 'payments')!;
    const doc = asyncApiDocument({ ...model, products: [...model.products, { ...payments, topic: '__proto__' }] }, 'payments') as any;
    expect(Object.keys(doc.channels)).toContain('__proto__');
    expect(Object.keys(doc.components.messages)).toContain('__proto__');
    expect(doc.channels['__proto__'].address).toBe('__proto__');
    expect(Object.values<any>(doc.operations).filter((o) => o.channel.$ref === '#/channels/__proto__').length).toBeGreaterThan(0);
  });

  it('the fixture (Protobuf, JSON Schema, key schemas, applications, no-schema topic) parses with zero errors', async () => {
    for (const d of fixture.domains) {
      const doc = asyncApiDocument(fixture, d.name, { connection });
      const { errors } = await problems(JSON.stringify(doc));
      expect({ domain: d.name, errors }).toEqual({ domain: d.name, errors: [] });
      for (const f of formatsOf(doc)) expect(KNOWN_FORMATS).toContain(f);
    }
  });

  it('the per-product documents inside the Backstage API entities parse with zero errors', async () => {
    for (const [model, options] of [
      [example.model, example.options],
      [fixture, { connection }],
    ] as const) {
      for (const api of backstageEntities(model, options).filter((e) => e.kind === 'API')) {
        const { errors } = await problems(String(api.spec.definition));
        expect({ api: api.metadata.name, errors }).toEqual({ api: api.metadata.name, errors: [] });
      }
    }
  });

  it('the parser does report a broken embedded schema (so zero errors means something)', async () => {
    const doc = asyncApiDocument(fixture, 'payments', { connection }) as any;
    doc.components.messages.payments_transactions.payload.schema = 'syntax = "proto3"; message T { strin x = 1; }';
    expect((await problems(JSON.stringify(doc))).errors).not.toEqual([]);
    const avro = asyncApiDocument(example.model, 'sales') as any;
    avro.components.messages.sales_orders.payload.schema.type = 'recordx';
    expect((await problems(JSON.stringify(avro))).errors).not.toEqual([]);
  });

  it('maps topics to channels with Kafka bindings and producers/consumers to send/receive operations', async () => {
    const text = fs.readFileSync(path.join(example.catalogDir, 'asyncapi', 'sales.asyncapi.yaml'), 'utf8');
    const { document } = await parser.parse(text);
    if (!document) throw new Error('no document');
    const orders = example.model.products.find((p) => p.topic === 'sales.orders');
    if (!orders) throw new Error('the example mesh has no sales.orders');
    const channel = document
      .channels()
      .all()
      .find((c) => c.address() === 'sales.orders');
    expect(channel).toBeDefined();
    expect(channel?.bindings().get('kafka')?.value()).toMatchObject({
      topic: 'sales.orders',
      partitions: orders.partitions,
      replicas: orders.replicationFactor,
      topicConfiguration: { 'retention.ms': Number(orders.config['retention.ms']) },
    });
    const message = channel?.messages().all()[0];
    expect(message?.schemaFormat()).toBe(SCHEMA_FORMATS.avro);
    expect(message?.payload()?.properties()?.orderId).toBeDefined();
    const ops = document
      .operations()
      .all()
      .filter((o) =>
        o
          .channels()
          .all()
          .some((c) => c.address() === 'sales.orders'),
      );
    const sends = ops.filter((o) => o.isSend()).map((o) => o.json()['x-principal']);
    const receives = ops.filter((o) => o.isReceive()).map((o) => o.json()['x-principal']);
    expect(sends).toEqual(expect.arrayContaining(orders.producers));
    expect(receives).toEqual(expect.arrayContaining(orders.consumers));
  });

  it('embeds Protobuf, JSON Schema and Avro in their own formats, and JSON key schemas in the Kafka binding', () => {
    const payments = asyncApiDocument(fixture, 'payments') as any;
    expect(payments.components.messages.payments_transactions.payload.schemaFormat).toBe(SCHEMA_FORMATS.protobuf3);
    expect(payments.components.messages.payments_refunds_v2.payload).toMatchObject({
      schemaFormat: SCHEMA_FORMATS.jsonDraft07,
      schema: { title: 'Refund' },
    });
    expect(payments.components.messages.payments_refunds_v2.bindings.kafka.key).toMatchObject({ title: 'RefundKey', type: 'object' });
    expect(payments.channels.payments_transactions.bindings.kafka.topicConfiguration).toEqual({
      'min.insync.replicas': '2',
      'retention.ms': -1,
      'cleanup.policy': ['compact', 'delete'],
      'max.message.bytes': 2097152,
    });
    const ops = Object.entries<any>(payments.operations).map(
      ([id, o]) => `${id} ${o.action} ${o['x-principal']}${o['x-application'] ? ` ${o['x-application']}` : ''}`,
    );
    expect(ops).toEqual(
      expect.arrayContaining([
        'payments_transactions__send__payments send User:payments',
        'payments_transactions__receive__logistics receive User:logistics',
        'payments_transactions__send__app_ledger-source send User:ledger-connect ledger-source',
        'payments_transactions__receive__app_refund-enricher receive User:payments refund-enricher',
        'payments_refunds_v2__send__app_refund-enricher send User:payments refund-enricher',
      ]),
    );
    const logistics = asyncApiDocument(fixture, 'logistics') as any;
    expect(logistics.components.messages.logistics_shipments.payload.schemaFormat).toBe(SCHEMA_FORMATS.avro);
    expect(logistics.components.messages.logistics_scratch_pad.payload.schemaFormat).toBeUndefined();
  });

  it('fails clearly for a domain the model does not have', () => {
    expect(() => asyncApiDocument(fixture, 'nope')).toThrow('no domain "nope" in the model (domains: payments, logistics)');
  });
});
