/**
 * DataHub metadata: the catalog writes the mesh in the format DataHub's file source ingests, and
 * DataHub's own CLI (acryl-datahub, installed by tools/catalog/datahub-setup.sh on first use)
 * accepts it with `datahub check metadata-file`.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DATAHUB_FILE, DataHubProposal, datahubProposals, datahubUrns } from '../../lib/catalog';
import { REPO, runSetupScript, synthExample } from './helpers';

jest.setTimeout(20 * 60 * 1000);

const example = synthExample();
const file = path.join(example.catalogDir, DATAHUB_FILE);
const proposals: DataHubProposal[] = JSON.parse(fs.readFileSync(file, 'utf8'));
const aspect = (urn: string, name: string) => proposals.find((p) => p.entityUrn === urn && p.aspectName === name)?.aspect.json as any;
const topic = (t: string) => datahubUrns.topic(t, 'PROD');

/** `datahub check metadata-file <file>`: its exit status and output. */
function check(datahub: string, target: string): { ok: boolean; output: string } {
  try {
    return { ok: true, output: execFileSync(datahub, ['check', 'metadata-file', target], { cwd: REPO, encoding: 'utf8', stdio: 'pipe' }) };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

describe('DataHub metadata', () => {
  it('is written by synth, as the same proposals the model gives', () => {
    expect(proposals).toEqual(JSON.parse(JSON.stringify(datahubProposals(example.model, example.options))));
  });

  it('describes each product as a Kafka dataset: properties, schema fields, owner, domain, tags and classification', () => {
    const urn = topic('sales.orders-with-stock');
    expect(aspect(urn, 'datasetProperties')).toMatchObject({
      name: 'sales.orders-with-stock',
      customProperties: { domain: 'sales', classification: 'internal' },
    });
    const schema = aspect(urn, 'schemaMetadata');
    expect(schema.schemaName).toBe('sales.orders-with-stock-value');
    expect(schema.platformSchema['com.linkedin.schema.KafkaSchema'].documentSchemaType).toBe('AVRO');
    expect(schema.fields.map((f: any) => f.fieldPath)).toEqual(['orderId', 'sku', 'quantity', 'warehouse', 'unitsInStock', 'placedAt']);
    expect(schema.fields[2]).toMatchObject({ nativeDataType: 'int', type: { type: { 'com.linkedin.schema.NumberType': {} } }, nullable: false });
    expect(aspect(urn, 'ownership').owners).toEqual([{ owner: 'urn:li:corpGroup:sales-team@example.com', type: 'DATAOWNER' }]);
    expect(aspect(urn, 'domains')).toEqual({ domains: ['urn:li:domain:sales'] });
    expect(aspect(topic('customer.profile-updated'), 'globalTags').tags).toContainEqual({ tag: 'urn:li:tag:pii' });
    expect(proposals.filter((p) => p.entityType === 'dataset' && p.aspectName === 'datasetProperties').length).toBe(example.model.products.length);
  });

  it('gives each application a data flow, and each ksqlDB query and other app a job whose inputs and outputs are the lineage', () => {
    const ksqlFlow = 'urn:li:dataFlow:(ksqldb,sales.insights_,PROD)';
    expect(aspect(ksqlFlow, 'dataFlowInfo')).toMatchObject({
      name: 'sales.insights_',
      customProperties: { kind: 'ksql', principal: 'User:sales-ksql' },
    });
    expect(aspect(datahubUrns.job(ksqlFlow, 'CSAS_ORDERS_WITH_STOCK'), 'dataJobInputOutput')).toEqual({
      inputDatasets: [topic('sales.orders'), topic('inventory.stock-level-updated')],
      outputDatasets: [topic('sales.orders-with-stock')],
    });
    const nifiFlow = 'urn:li:dataFlow:(nifi,customer.crm-sync,PROD)';
    expect(aspect(datahubUrns.job(nifiFlow, 'customer.crm-sync'), 'dataJobInputOutput')).toEqual({
      inputDatasets: [topic('customer.profile-updated')],
      outputDatasets: [topic('customer.crm-sync-status'), 'urn:li:dataset:(urn:li:dataPlatform:salesforce,crm,PROD)'],
    });
    const streamsFlow = 'urn:li:dataFlow:(kafka-streams,sales.processOrder,PROD)';
    expect(aspect(datahubUrns.job(streamsFlow, 'sales.processOrder'), 'dataJobInputOutput')).toEqual({
      inputDatasets: [topic('sales.orders')],
      outputDatasets: [topic('sales.processed_orders')],
    });
  });

  describe('DataHub’s own check (acryl-datahub from PyPI)', () => {
    let datahub = '';
    beforeAll(() => {
      datahub = runSetupScript('datahub-setup.sh', 15 * 60 * 1000);
    });

    it('accepts the example mesh’s metadata, every proposal', () => {
      const result = check(datahub, file);
      expect(result.output).toContain(`${proposals.length} MCEs found - all valid`);
      expect(result.ok).toBe(true);
    });

    it('refuses a broken copy (an owner type DataHub does not know), so the check really reads the aspects', () => {
      const broken = proposals.map((p) =>
        p.aspectName === 'ownership'
          ? { ...p, aspect: { json: { ...p.aspect.json, owners: [{ owner: 'urn:li:corpGroup:x', type: 'NOT_A_TYPE' }] } } }
          : p,
      );
      const target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'datahub-broken-')), 'metadata.json');
      fs.writeFileSync(target, JSON.stringify(broken));
      const result = check(datahub, target);
      expect(result.ok).toBe(false);
      expect(result.output).toContain('NOT_A_TYPE');
    });
  });
});
