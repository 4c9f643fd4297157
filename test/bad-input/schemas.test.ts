import { TerraformStack, Testing } from 'cdktf';
import { Domain, DomainDataProduct, DomainDataProductProps, KafkaMesh, Schema } from '../../lib';
import { testMesh } from '../helpers';
import { corpus } from './corpus';

function product(props: Partial<DomainDataProductProps>) {
  return () => {
    const { app } = testMesh();
    const domain = new Domain(new TerraformStack(app, 'sales'), 'sales', { owner: 'sales-team@example.com', principal: 'User:sales' });
    new DomainDataProduct(domain, 'orders', { description: 'Orders placed in the web shop', ...props });
  };
}

corpus('schemas', [
  {
    // avsc accepts an unnamed record; the registry's Avro parser does not ("No name in schema").
    name: 'fails on an Avro record without a name, also nested',
    build: product({
      valueSchema: Schema.avro({
        type: 'record',
        name: 'O',
        fields: [{ name: 'line', type: { type: 'record', fields: [{ name: 'n', type: 'int' }] } }],
      }),
    }),
    path: 'sales/sales/orders',
    field: 'valueSchema',
    fix: 'correct the AVRO schema',
  },
  {
    name: 'fails on an Avro default of the wrong type',
    build: product({ valueSchema: Schema.avro({ type: 'record', name: 'O', fields: [{ name: 'n', type: 'int', default: 'x' }] }) }),
    path: 'sales/sales/orders',
    field: 'valueSchema',
    fix: 'correct the AVRO schema',
  },
  {
    name: 'fails on an Avro record with a field twice',
    build: product({
      valueSchema: Schema.avro({
        type: 'record',
        name: 'O',
        fields: [
          { name: 'n', type: 'int' },
          { name: 'n', type: 'long' },
        ],
      }),
    }),
    path: 'sales/sales/orders',
    field: 'valueSchema',
    fix: 'correct the AVRO schema',
  },
  {
    name: 'fails on an Avro schema that is not JSON',
    build: product({ valueSchema: Schema.avro('{"type": "record", "name": "O", "fields": [}') }),
    path: 'sales/sales/orders',
    field: 'valueSchema',
    fix: 'correct the AVRO schema',
  },
  {
    name: 'fails on an Avro field of an unknown type',
    build: product({ valueSchema: Schema.avro({ type: 'record', name: 'O', fields: [{ name: 'total', type: 'money' }] }) }),
    path: 'sales/sales/orders',
    field: 'valueSchema',
    fix: 'correct the AVRO schema',
  },
  {
    name: 'fails on an invalid Avro key schema',
    build: product({ keySchema: Schema.avro('{"type": "enum", "name": "K"}') }),
    path: 'sales/sales/orders',
    field: 'keySchema',
    fix: 'correct the AVRO schema',
  },
  {
    name: 'fails on a JSON Schema with an unknown type',
    build: product({ valueSchema: Schema.jsonSchema({ type: 'objekt' }) }),
    path: 'sales/sales/orders',
    field: 'valueSchema',
    fix: 'correct the JSON schema',
  },
  {
    name: 'fails on a Protobuf message using an undefined type',
    build: product({ valueSchema: Schema.protobuf('syntax = "proto3"; message Order { Money total = 1; }', { registration: 'external' }) }),
    path: 'sales/sales/orders',
    field: 'valueSchema',
    fix: 'correct the PROTOBUF schema',
  },
  {
    name: 'fails on a JSON schema file that does not exist',
    build: product({ valueSchema: Schema.jsonSchema({ file: 'schemas/sales/missing.json' }) }),
    path: 'sales/sales/orders',
    field: 'valueSchema',
    fix: 'create schemas/sales/missing.json',
  },
  {
    name: 'fails on a schema when the mesh has no registry',
    build: () => {
      const app = Testing.app();
      new KafkaMesh(app, 'mesh', { cluster: { bootstrapServers: ['localhost:9092'] }, lock: false });
      const domain = new Domain(new TerraformStack(app, 'sales'), 'sales', { owner: 'sales-team@example.com', principal: 'User:sales' });
      new DomainDataProduct(domain, 'orders', {
        description: 'Orders placed in the web shop',
        valueSchema: Schema.avro({ type: 'record', name: 'O', fields: [] }),
      });
    },
    path: 'sales/sales/orders',
    field: 'valueSchema',
    fix: 'set schemaRegistry: { url: ... } on the KafkaMesh',
  },
]);
