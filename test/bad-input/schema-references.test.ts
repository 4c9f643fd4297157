import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DomainDataProduct, fromFile, Schema, SchemaReference } from '../../lib';
import { atSynth, product } from './builders';
import { corpus } from './corpus';

const money = Schema.avro({ type: 'fixed', name: 'Money', namespace: 'com.example', size: 8 });
const ref = (over: Partial<Record<keyof SchemaReference, unknown>> = {}) =>
  ({ name: 'com.example.Money', subject: 'shared.money-value', version: 1, schema: money, ...over }) as SchemaReference;
const order = (total: string) => ({ type: 'record', name: 'Order', namespace: 'com.example', fields: [{ name: 'total', type: total }] });
const value = (schema: Schema) => product({ valueSchema: schema });
const P = 'sales/sales/events';
const R = 'valueSchema.options.references[0]';

jest.mock('fs', () => {
  const actual = jest.requireActual<typeof import('fs')>('fs');
  return { ...actual, readFileSync: jest.fn(actual.readFileSync) };
});

/** A schema file that exists but cannot be read (the read fails as it does without permission, even for root). */
function unreadable() {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'schema-')), 'orders.avsc');
  fs.writeFileSync(file, '{"type": "string"}');
  const read = fs.readFileSync as jest.Mock;
  const actual = jest.requireActual<typeof import('fs')>('fs').readFileSync;
  read.mockImplementation((p: string, ...rest: unknown[]) => {
    if (p === file) throw Object.assign(new Error(`EACCES: permission denied, open '${file}'`), { code: 'EACCES' });
    return (actual as (...a: unknown[]) => unknown)(p, ...rest);
  });
  try {
    value(Schema.avro(fromFile(file)))();
  } finally {
    read.mockImplementation(actual);
  }
}

corpus('schema references and schema sources', [
  // A reference without its text is taken from the mesh lock at synth; without a lock that holds it, synth fails.
  {
    name: 'fails at synth on a reference without its schema and no mesh lock holding it, which would switch the check off',
    build: atSynth(
      ({ sales }) =>
        void new DomainDataProduct(sales, 'events', {
          description: 'Events of the web shop',
          valueSchema: Schema.avro(order('com.example.Mony'), { references: [ref({ schema: undefined })] }),
        }),
    ),
    path: P,
    field: 'valueSchema.references[0]',
    fix: 'give the referenced schema',
  },
  {
    name: 'fails on a misspelt type name in a schema whose reference is given',
    build: value(Schema.avro(order('com.example.Mony'), { references: [ref()] })),
    path: P,
    field: 'valueSchema',
    fix: 'correct the AVRO schema',
  },
  {
    name: 'fails on a referenced schema that is itself invalid',
    build: value(
      Schema.avro(order('com.example.Money'), {
        references: [ref({ schema: Schema.avro({ type: 'fixed', name: 'Money', namespace: 'com.example' }) })],
      }),
    ),
    path: P,
    field: `${R}.schema`,
    fix: 'correct the AVRO schema',
  },
  {
    name: 'fails on reference version 0',
    build: value(Schema.avro(order('com.example.Money'), { references: [ref({ version: 0 })] })),
    path: P,
    field: `${R}.version`,
    fix: 'a whole number from 1',
  },
  {
    name: 'fails on a negative reference version',
    build: value(Schema.avro(order('com.example.Money'), { references: [ref({ version: -1 })] })),
    path: P,
    field: `${R}.version`,
    fix: 'a whole number from 1',
  },
  {
    name: 'fails on a reference version that is not whole',
    build: value(Schema.avro(order('com.example.Money'), { references: [ref({ version: 1.5 })] })),
    path: P,
    field: `${R}.version`,
    fix: 'a whole number from 1',
  },
  {
    name: 'fails on a reference version given as a string',
    build: value(Schema.avro(order('com.example.Money'), { references: [ref({ version: '2' })] })),
    path: P,
    field: `${R}.version`,
    fix: 'a whole number from 1',
  },
  {
    name: 'fails on a reference without a subject',
    build: value(Schema.avro(order('com.example.Money'), { references: [ref({ subject: '' })] })),
    path: P,
    field: `${R}.subject`,
    fix: 'set subject',
  },
  {
    name: 'fails on a reference without a name',
    build: value(Schema.avro(order('com.example.Money'), { references: [ref({ name: undefined })] })),
    path: P,
    field: `${R}.name`,
    fix: 'set name to the Avro full name',
  },
  {
    name: 'fails on references that are not a list',
    build: value(Schema.avro(order('com.example.Money'), { references: ref() as never })),
    path: P,
    field: 'valueSchema.options.references',
    fix: 'set valueSchema.options.references to a list',
  },
  {
    name: 'fails on schema options given as a string',
    build: value(Schema.avro({ type: 'string' }, 'external' as never)),
    path: P,
    field: 'valueSchema.options',
    fix: 'as an object literal',
  },
  {
    name: 'fails at synth on a key schema reference without its schema and no mesh lock holding it',
    build: atSynth(
      ({ sales }) =>
        void new DomainDataProduct(sales, 'events', {
          description: 'Events of the web shop',
          keySchema: Schema.jsonSchema(
            { $ref: 'id.json' },
            { references: [{ name: 'id.json', subject: 'shared.id-value', version: 1 } as SchemaReference] },
          ),
        }),
    ),
    path: P,
    field: 'keySchema.references[0]',
    fix: 'give the referenced schema',
  },
  {
    name: 'fails on fromFile naming a directory',
    build: value(Schema.avro(fromFile('schemas'))),
    path: P,
    field: 'valueSchema',
    fix: 'name the schema file inside it',
  },
  { name: 'fails on fromFile naming a file that cannot be read', build: unreadable, path: P, field: 'valueSchema', fix: 'make ' },
  {
    name: 'fails on fromFile given a number',
    build: value(Schema.avro(fromFile(42 as never))),
    path: P,
    field: 'valueSchema',
    fix: "fromFile('schemas/<domain>/<entity>.avsc')",
  },
  {
    name: 'fails on a schema source that is a number',
    build: value(Schema.avro(42 as never)),
    path: P,
    field: 'valueSchema',
    fix: 'pass the schema text',
  },
]);
