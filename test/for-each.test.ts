import { blockEntries, forEachEntries } from '../lib/model/for-each';
import { TerraformStack, Testing } from 'cdktf';
import { Domain, DomainDataProduct, Principal } from '../lib';
import { testMesh } from './helpers';

describe('for_each entries of the synthesized blocks', () => {
  it('are written once, as a local named after the block, which the block names', () => {
    const { app } = testMesh();
    const stack = new TerraformStack(app, 'sales');
    const sales = new Domain(stack, 'sales', { owner: 'sales-team@example.com', principal: 'User:sales' });
    new Domain(new TerraformStack(app, 'marketing'), 'marketing', { owner: 'marketing@example.com', principal: 'User:marketing' });
    new DomainDataProduct(sales, 'orders', { description: 'Orders' }).grantRead(Principal.fromName('User:marketing'));
    const json = JSON.parse(Testing.synth(stack));
    expect(json.resource.kafka_topic.protected.for_each).toBe('${local.kafka_topic_protected}');
    expect(json.resource.kafka_acl.allow.for_each).toBe('${local.kafka_acl_allow}');
    expect(Object.keys(json.locals.kafka_topic_protected)).toEqual(['sales.orders']);
    expect(blockEntries(json, 'kafka_topic', 'protected')).toBe(json.locals.kafka_topic_protected);
    expect(Object.keys(blockEntries(json, 'kafka_acl', 'allow'))).toContain('User:marketing Read Topic:sales.orders');
  });

  it('read the same from a stack synthesized before, with the map in the block', () => {
    const entries = { 'sales.orders': { partitions: 3 } };
    expect(blockEntries({ resource: { kafka_topic: { protected: { for_each: entries } } } }, 'kafka_topic', 'protected')).toBe(entries);
  });

  it('are absent for a block without for_each or with another expression, and empty for a missing block', () => {
    const tf = {
      locals: { other: { a: 1 } },
      resource: { kafka_topic: { x: {}, y: { for_each: '${var.topics}' }, z: { for_each: '${local.missing}' } } },
    };
    expect(forEachEntries(tf, tf.resource.kafka_topic.x)).toBeUndefined();
    expect(forEachEntries(tf, tf.resource.kafka_topic.y)).toBeUndefined();
    expect(forEachEntries(tf, tf.resource.kafka_topic.z)).toBeUndefined();
    expect(forEachEntries(tf, { for_each: '${local.other}' })).toEqual({ a: 1 });
    expect(blockEntries(tf, 'kafka_acl', 'allow')).toEqual({});
  });
});
