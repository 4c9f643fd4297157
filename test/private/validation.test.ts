import { z } from 'zod';
import { validatePropsWithDefault, withFix } from '../../lib/private/validation';
import { errorOf } from '../helpers';

const schema = z.strictObject({
  name: withFix(z.string().regex(/^[a-z]+$/, { error: 'must be lower-case letters' }), "set name like 'sales'").optional(),
  size: z.number().optional(),
});

describe('validatePropsWithDefault', () => {
  it('returns the written value, and never calls the default', () => {
    const fallback = jest.fn(() => 'unused');
    expect(validatePropsWithDefault(schema, { name: 'sales', size: 2 }, 'app/x', 'name', fallback)).toEqual({
      props: { name: 'sales', size: 2 },
      value: 'sales',
    });
    expect(fallback).not.toHaveBeenCalled();
  });

  it('applies the default and validates it as if the user had written it', () => {
    expect(validatePropsWithDefault(schema, { size: 2 }, 'app/x', 'name', () => 'orders').value).toBe('orders');
    expect(errorOf(() => validatePropsWithDefault(schema, { size: 2 }, 'app/Orders', 'name', () => 'Orders'))).toBe(
      'app/Orders: name must be lower-case letters (got "Orders"). Fix: set name like \'sales\'',
    );
  });

  it('reports what the user wrote before the default is tried', () => {
    expect(errorOf(() => validatePropsWithDefault(schema, { size: 'big' }, 'app/x', 'name', () => 'Bad'))).toMatch(/^app\/x: size /);
  });

  it('skips the second pass for a default matching `valid`, and keeps it for one that does not', () => {
    const valid = /^Trusted$/;
    expect(validatePropsWithDefault(schema, {}, 'app/x', 'name', () => 'Trusted', valid).value).toBe('Trusted');
    expect(errorOf(() => validatePropsWithDefault(schema, {}, 'app/x', 'name', () => 'Other', valid))).toMatch(/name must be lower-case letters/);
  });

  it('treats absent props as empty', () => {
    expect(validatePropsWithDefault(schema, undefined, 'app/x', 'name', () => 'orders')).toEqual({ props: {}, value: 'orders' });
  });
});
