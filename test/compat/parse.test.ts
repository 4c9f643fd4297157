import { parseSchema } from '../../lib/compat';
import { schemaProblem } from '../../lib/model/schema';

function errorOf(result: ReturnType<typeof parseSchema>): string {
  if (result.ok) throw new Error(`expected a parse error, got canonical ${result.canonical}`);
  return result.error;
}

describe('parseSchema', () => {
  describe('AVRO', () => {
    it('gives line and column of a JSON syntax error', () => {
      const text = '{\n  "type": "record",\n  "name": "Order",\n  "fields": [\n    {"name": "id" "type": "string"}\n  ]\n}';
      const error = errorOf(parseSchema('AVRO', text));
      expect(error).toMatch(/line 5 column 19/);
    });

    it('locates an undefined type name', () => {
      const text = '{\n  "type": "record",\n  "name": "Order",\n  "fields": [\n    {"name": "address", "type": "Address"}\n  ]\n}';
      const error = errorOf(parseSchema('AVRO', text));
      expect(error).toContain('Address');
      expect(error).toMatch(/line 5 column \d+/);
    });

    it('rejects a default that does not match the field type', () => {
      const text = JSON.stringify({ type: 'record', name: 'Order', fields: [{ name: 'qty', type: 'int', default: 'many' }] });
      expect(errorOf(parseSchema('AVRO', text))).toMatch(/default/);
    });

    it('resolves named types from references', () => {
      const address = JSON.stringify({ type: 'record', name: 'Address', namespace: 'sales', fields: [{ name: 'zip', type: 'string' }] });
      const order = JSON.stringify({ type: 'record', name: 'Order', namespace: 'sales', fields: [{ name: 'shipping', type: 'sales.Address' }] });
      expect(parseSchema('AVRO', order).ok).toBe(false);
      expect(parseSchema('AVRO', order, { 'sales.Address': address }).ok).toBe(true);
    });

    it('gives the same canonical form whatever the formatting', () => {
      const compact = '{"type":"record","name":"Order","fields":[{"name":"id","type":"string"}]}';
      const pretty = '{\n  "name": "Order",\n  "type": "record",\n  "fields": [ { "type": "string", "name": "id" } ]\n}';
      const a = parseSchema('AVRO', compact);
      const b = parseSchema('AVRO', pretty);
      expect(a.ok && b.ok).toBe(true);
      expect(a).toEqual(b);
    });
  });

  describe('JSON', () => {
    it('gives line and column of a JSON syntax error', () => {
      const text = '{\n  "type": "object",\n  "properties": {\n    "id": {"type": "string"},\n  }\n}';
      expect(errorOf(parseSchema('JSON', text))).toMatch(/line 5 column 3/);
    });

    it('locates an invalid keyword value reported by ajv', () => {
      const text = '{\n  "type": "object",\n  "properties": {\n    "id": {"type": "strin"}\n  }\n}';
      const error = errorOf(parseSchema('JSON', text));
      expect(error).toContain('invalid JSON Schema');
      expect(error).toMatch(/line 4 column \d+/);
    });

    it('reports an unresolved $ref', () => {
      const text = JSON.stringify({ type: 'object', properties: { a: { $ref: '#/definitions/Missing' } } });
      expect(errorOf(parseSchema('JSON', text))).toMatch(/Missing|resolve/);
    });

    it('accepts draft 2020-12 with $defs', () => {
      const text = JSON.stringify({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: { a: { $ref: '#/$defs/A' } },
        $defs: { A: { type: 'string' } },
      });
      expect(parseSchema('JSON', text).ok).toBe(true);
    });

    it('resolves $ref to a named reference', () => {
      const text = JSON.stringify({ type: 'object', properties: { shipping: { $ref: 'address.json' } } });
      const address = JSON.stringify({ $id: 'address.json', type: 'object', properties: { zip: { type: 'string' } } });
      expect(parseSchema('JSON', text).ok).toBe(false);
      expect(parseSchema('JSON', text, { 'address.json': address }).ok).toBe(true);
    });
  });

  describe('PROTOBUF', () => {
    it('gives the line of a syntax error', () => {
      const text = 'syntax = "proto3";\npackage sales;\n\nmessage Order {\n  string id = 1\n  int64 total = 2;\n}\n';
      const error = errorOf(parseSchema('PROTOBUF', text));
      expect(error).toMatch(/line 6/);
      expect(error).toContain("';' expected");
    });

    it('reports a field of unknown type', () => {
      const text = 'syntax = "proto3";\nmessage Order {\n  Money total = 1;\n}\n';
      expect(errorOf(parseSchema('PROTOBUF', text))).toContain('`Order.total` has unknown type `Money`');
    });

    it('reports an import that is neither a reference nor a well-known type', () => {
      const text = 'syntax = "proto3";\nimport "common/money.proto";\nmessage Order {\n  common.Money total = 1;\n}\n';
      expect(errorOf(parseSchema('PROTOBUF', text))).toContain('common/money.proto');
      const money = 'syntax = "proto3";\npackage common;\nmessage Money { int64 units = 1; }\n';
      expect(parseSchema('PROTOBUF', text, { 'common/money.proto': money }).ok).toBe(true);
    });

    it('knows the well-known google/protobuf types', () => {
      const text = 'syntax = "proto3";\nimport "google/protobuf/timestamp.proto";\nmessage Order {\n  google.protobuf.Timestamp at = 1;\n}\n';
      expect(parseSchema('PROTOBUF', text).ok).toBe(true);
    });

    it('renders a canonical form with fields ordered by number', () => {
      const a = parseSchema('PROTOBUF', 'syntax = "proto3";\nmessage Order { int64 total = 2; string id = 1; }');
      const b = parseSchema('PROTOBUF', 'syntax = "proto3";\n// comment\nmessage Order {\n  string id = 1;\n  int64 total = 2;\n}\n');
      expect(a).toEqual(b);
      expect(a.ok && a.canonical).toContain('string id=1;int64 total=2');
    });
  });

  describe('nesting', () => {
    // Avro arrays of arrays, JSON Schema objects of objects, Protobuf messages in messages: n levels of the format's own nesting.
    const avro = (n: number) => '{"type":"array","items":'.repeat(n) + '"string"' + '}'.repeat(n);
    const json = (n: number) => '{"type":"array","items":'.repeat(n) + '{"type":"string"}' + '}'.repeat(n);
    const proto = (n: number) => 'syntax = "proto3"; ' + 'message M { '.repeat(n) + 'string a = 1; ' + '}'.repeat(n);

    it('refuses a schema nested deeper than 256 levels with where it goes too deep, instead of running out of stack', () => {
      for (const [format, text, column] of [
        ['AVRO', avro(3000), 6145],
        ['JSON', json(3000), 6145],
        ['PROTOBUF', proto(3000), 3102],
      ] as const) {
        expect(errorOf(parseSchema(format, text))).toBe(
          `nests deeper than 256 levels (at line 1 column ${column}), deeper than the checker reads and than any real schema`,
        );
      }
      // In a reference too; nesting inside strings and comments does not count.
      expect(errorOf(parseSchema('AVRO', '"sales.Deep"', { 'sales.Deep': avro(300) }))).toMatch(
        /^reference sales\.Deep: nests deeper than 256 levels/,
      );
      const inStrings = JSON.stringify({ type: 'record', name: 'R', doc: '['.repeat(5000), fields: [{ name: 'a', type: 'string' }] });
      expect(parseSchema('AVRO', inStrings).ok).toBe(true);
      expect(
        parseSchema(
          'PROTOBUF',
          `syntax = "proto3"; // ${'{'.repeat(5000)}\n/* ${'{'.repeat(5000)} */ message M { string a = 1 [json_name = "${'{'.repeat(5000)}"]; }`,
        ).ok,
      ).toBe(true);
    });

    it('refuses 5,000 records nested in one another at synth too (the quick check of plain records stops at the bound)', () => {
      let text = '"string"';
      for (let i = 0; i < 5000; i++) text = `{"type":"record","name":"R${i}","fields":[{"name":"f","type":${text}}]}`;
      expect(schemaProblem('AVRO', text)).toMatch(/^nests deeper than 256 levels \(at line 1 column \d+\)/);
    });

    it('reads a schema 256 levels deep', () => {
      expect(parseSchema('AVRO', avro(256)).ok).toBe(true);
      expect(parseSchema('JSON', json(255)).ok).toBe(true);
      expect(parseSchema('AVRO', avro(257)).ok).toBe(false);
    });
  });
});
