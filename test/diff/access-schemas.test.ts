import { levelAtLeast } from '../../lib/diff';
import { compareShop, flagItems, section } from './helpers';
import { cleanShops } from './shop';

afterAll(() => cleanShops());

describe('kafka-mesh diff: access', () => {
  it('says in plain words who gains and who loses access, and flags the consumer that loses it', () => {
    const { diff, markdown } = compareShop({ readers: ['marketing'] }, { base: { readers: ['analytics'] } });
    expect(diff.flags.map((f) => [f.id, f.category])).toEqual([['access-lost:User:analytics@Topic:sales.orders', 'risk']]);
    expect(section(markdown, '#### `sales.orders`')).toBe(
      [
        '#### `sales.orders` (changed, owner sales-team@example.com)',
        '',
        'Flags: `access-lost:User:analytics@Topic:sales.orders`',
        '',
        'Access:',
        '',
        '- User:analytics can no longer read topic sales.orders (ACLs removed: Read).',
        '- domain marketing (User:marketing) can now read topic sales.orders (ACLs added: Read).',
      ].join('\n'),
    );
    expect(flagItems(markdown)).toBe(
      [
        '- **Risk** (access lost) `access-lost:User:analytics@Topic:sales.orders`: User:analytics can no longer read topic sales.orders (Read removed): its clients fail with authorization errors.',
        '  - Affects: User:analytics.',
      ].join('\n'),
    );
  });

  it('raises no access flag for the readers of a topic that is deleted: the deletion names them', () => {
    const { diff } = compareShop({ returns: 'absent', readers: [] }, { base: { readers: [] } });
    expect(diff.flags.map((f) => f.id)).toEqual(['topic-removed:sales.returns']);
  });

  it('flags a principal whose SCRAM credential is deleted, and shows quota changes and password rotation', () => {
    const removed = compareShop({ analyticsScram: false, analyticsConsumerByteRate: 1_000 });
    expect(removed.diff.flags.map((f) => f.id)).toEqual(['access-lost:User:analytics@SCRAM-SHA-512']);
    expect(section(removed.markdown, '### Stack `platform`')).toBe(
      [
        '### Stack `platform`',
        '',
        '#### Principals, groups and quotas',
        '',
        '- Quota of `user:analytics` changes: consumer_byte_rate 10485760 -> 1000.',
        '- `User:analytics` loses its SCRAM-SHA-512 credential.',
      ].join('\n'),
    );
    const rotated = compareShop({ analyticsScram: { version: '2' } });
    expect(rotated.diff.flags).toEqual([]);
    expect(rotated.markdown).toContain(
      '- The SCRAM-SHA-512 password of `User:analytics` is rotated (version 1 -> 2): its clients need the new password.',
    );
  });

  it('flags a principal that loses its consumer groups when its service account goes', () => {
    const { diff, markdown } = compareShop({ analytics: false, readers: ['marketing'] }, { base: { readers: ['marketing'] } });
    expect(diff.flags.map((f) => f.id)).toEqual(['access-lost:User:analytics@Group:analytics.*', 'access-lost:User:analytics@SCRAM-SHA-512']);
    expect(section(markdown, '### Stack `platform`')).toBe(
      [
        '### Stack `platform`',
        '',
        '#### Principals, groups and quotas',
        '',
        '- User:analytics can no longer use consumer groups starting with analytics. (ACLs removed: Read).',
        '- Quota of `user:analytics` is removed: consumer_byte_rate 10485760 -> (not set).',
        '- `User:analytics` loses its SCRAM-SHA-512 credential.',
        '',
        '#### Other resources and providers',
        '',
        '- `provider.kafka` is no longer configured: the stack declares no resources of it any more.',
      ].join('\n'),
    );
  });

  it('shows catalog changes of a product', () => {
    const { markdown } = compareShop({ classification: 'pii' });
    expect(section(markdown, '#### `sales.orders`')).toBe(
      ['#### `sales.orders` (changed, owner sales-team@example.com)', '', 'Catalog:', '', '- classification: confidential -> pii'].join('\n'),
    );
  });
});

describe('kafka-mesh diff: schemas', () => {
  it('gives the compatibility verdict of a compatible change, with the changed lines', () => {
    const { diff, markdown } = compareShop({ schema: 'v2-compatible' });
    expect(diff.flags).toEqual([]);
    expect(section(markdown, '#### `sales.orders`')).toBe(
      [
        '#### `sales.orders` (changed, owner sales-team@example.com)',
        '',
        'Schema `sales.orders-value` (AVRO, BACKWARD): new version `f971df3235ab` -> `3ccf10dbbf00`; **compatible** under BACKWARD.',
        '',
        '<details><summary>Schema text</summary>',
        '',
        '```diff',
        '        "name": "totalCents",',
        '        "type": "long"',
        '+     },',
        '+     {',
        '+       "name": "currency",',
        '+       "type": "string",',
        '+       "default": "EUR"',
        '      }',
        '    ]',
        '```',
        '',
        '</details>',
      ].join('\n'),
    );
  });

  it('flags an incompatible schema with the checker’s reasons and who reads it', () => {
    const { diff, markdown } = compareShop({ schema: 'v2-incompatible' });
    expect(diff.flags.map((f) => f.id)).toEqual(['schema-incompatible:sales.orders-value']);
    expect(flagItems(markdown)).toBe(
      [
        '- **Risk** (incompatible schema) `schema-incompatible:sales.orders-value`: sales.orders-value: the new schema is not BACKWARD-compatible with the one it replaces (1 issue; first: field `channel` was added without a default: breaks BACKWARD for sales.orders-value (against version 1, rule FIELD_ADDED_WITHOUT_DEFAULT)). The registry refuses it, so the apply fails; forced through, consumers that move to the new schema cannot read the records already on the topic.',
        '  - Affects: User:analytics and domain marketing (User:marketing).',
      ].join('\n'),
    );
    expect(section(markdown, '#### `sales.orders`')).toContain(
      [
        'Schema `sales.orders-value` (AVRO, BACKWARD): new version `f971df3235ab` -> `e2af8bc1dcf4`; **incompatible** under BACKWARD.',
        '',
        '- field `channel` was added without a default: breaks BACKWARD for sales.orders-value (against version 1, rule FIELD_ADDED_WITHOUT_DEFAULT)',
      ].join('\n'),
    );
  });

  it('checks under the head’s level: FORWARD accepts a field added without a default', () => {
    const { diff } = compareShop({ schema: 'v2-incompatible', compatibility: 'FORWARD' });
    expect(diff.flags.map((f) => f.id)).toEqual(['compatibility-relaxed:sales.orders-value']);
    expect(diff.stacks[0].products[0].schemas[0].verdict).toEqual({ checked: true, compatible: true, level: 'FORWARD', issues: [] });
  });

  it('flags a relaxed compatibility level and says which guarantee goes', () => {
    expect(compareShop({ compatibility: 'BACKWARD' }, { base: { compatibility: 'FULL' } }).diff.flags[0].message).toBe(
      'sales.orders-value: compatibility FULL -> BACKWARD: the registry no longer checks that consumers still on an older schema can read new records (FORWARD), so a later schema change can break consumers without the registry stopping it.',
    );
    expect(compareShop({ compatibility: 'BACKWARD' }, { base: { compatibility: 'BACKWARD_TRANSITIVE' } }).diff.flags[0].message).toContain(
      'the registry no longer checks against every earlier version (only the latest from now on)',
    );
  });

  it('at NONE, still says what a BACKWARD check would have found', () => {
    const { diff, markdown } = compareShop({ schema: 'v2-incompatible', compatibility: 'NONE' });
    expect(diff.flags.map((f) => f.id)).toEqual(['compatibility-relaxed:sales.orders-value']);
    expect(diff.flags[0].message).toContain('compatibility BACKWARD -> NONE: the registry accepts any schema from now on');
    expect(markdown).toContain(
      '- At level NONE the registry accepts any schema, but checked as BACKWARD this change breaks: field `channel` was added without a default',
    );
  });

  it('does not flag a stricter level, and tells a reformatted schema from a changed one', () => {
    const { diff, markdown } = compareShop({ schema: 'v1-reformatted', compatibility: 'FULL' });
    expect(diff.flags).toEqual([]);
    expect(section(markdown, '#### `sales.orders`')).toBe(
      [
        '#### `sales.orders` (changed, owner sales-team@example.com)',
        '',
        'Schema `sales.orders-value` (AVRO, FULL): the text changes, the schema does not (`f971df3235ab`).',
        '',
        '- Compatibility BACKWARD -> FULL is stricter: the registry checks more from now on.',
        '- Only the formatting changes: the canonical schema is the same.',
      ].join('\n'),
    );
  });

  it('flags a subject deleted while its topic stays', () => {
    const { diff } = compareShop({ schema: 'none' });
    expect(diff.flags.map((f) => [f.id, f.category])).toEqual([['schema-removed:sales.orders-value', 'risk']]);
  });

  it('orders compatibility levels: NONE is the weakest, BACKWARD and FORWARD are not comparable', () => {
    expect(levelAtLeast('BACKWARD', 'NONE')).toBe(true);
    expect(levelAtLeast('NONE', 'BACKWARD')).toBe(false);
    expect(levelAtLeast('FULL', 'BACKWARD')).toBe(true);
    expect(levelAtLeast('FULL_TRANSITIVE', 'FULL')).toBe(true);
    expect(levelAtLeast('FULL', 'BACKWARD_TRANSITIVE')).toBe(false);
    expect(levelAtLeast('FORWARD', 'BACKWARD')).toBe(false);
    expect(levelAtLeast('BACKWARD', 'FORWARD')).toBe(false);
    expect(levelAtLeast('BACKWARD_TRANSITIVE', 'BACKWARD')).toBe(true);
  });
});
