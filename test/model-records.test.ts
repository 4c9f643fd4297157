import { lookupTable, nameKeyed, ownEntry, sortedByKey } from '../lib/model/records';

describe('name-keyed records', () => {
  it('keep every legal topic name as a key, __proto__ and constructor included', () => {
    const record = nameKeyed<number>();
    for (const [i, name] of ['__proto__', 'constructor', 'toString', 'sales.orders'].entries()) record[name] = i;
    expect(Object.keys(record)).toEqual(['__proto__', 'constructor', 'toString', 'sales.orders']);
    expect(JSON.parse(JSON.stringify(record))).toEqual({ ['__proto__']: 0, constructor: 1, toString: 2, 'sales.orders': 3 });
    expect(Object.getPrototypeOf(record)).toBeNull();
  });

  it('sort by key into a record of the same kind', () => {
    const sorted = sortedByKey(JSON.parse('{"b": 2, "__proto__": 1, "a": 3}') as Record<string, number>);
    expect(Object.entries(sorted)).toEqual([
      ['__proto__', 1],
      ['a', 3],
      ['b', 2],
    ]);
  });

  it('find own keys only', () => {
    const parsed = JSON.parse('{"__proto__": {"partitions": 3}}') as Record<string, { partitions: number }>;
    expect(ownEntry(parsed, '__proto__')).toEqual({ partitions: 3 });
    expect(ownEntry(parsed, 'constructor')).toBeUndefined();
    expect(ownEntry(undefined, 'sales.orders')).toBeUndefined();
  });

  it('look up fixed tables without finding what every object has', () => {
    const table = lookupTable({ plain: 'PLAIN', 'scram-sha256': 'SCRAM' });
    expect(table.plain).toBe('PLAIN');
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) expect(table[name]).toBeUndefined();
    expect(Object.isFrozen(table)).toBe(true);
  });
});
