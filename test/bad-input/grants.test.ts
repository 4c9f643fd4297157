import { TerraformStack, Testing } from 'cdktf';
import { Domain, DomainDataProduct, IGrantee, Principal } from '../../lib';
import { meshWithPolicy } from '../governance/helpers';
import { testMesh } from '../helpers';
import { corpus } from './corpus';

function orders() {
  const { app } = testMesh();
  const stack = new TerraformStack(app, 'sales');
  const domain = new Domain(stack, 'sales', { owner: 'sales-team@example.com', principal: 'User:sales' });
  return { stack, orders: new DomainDataProduct(domain, 'orders', { description: 'Orders placed in the web shop' }) };
}

/** A product under the platform policy, for grants that only governance refuses. */
function governed() {
  const m = meshWithPolicy();
  return { ...m, orders: new DomainDataProduct(m.sales, 'orders', { description: 'Orders placed in the web shop' }) };
}

corpus('grants', [
  {
    name: 'fails when a grant is given a principal name instead of a grantee',
    build: () => orders().orders.grantRead('User:marketing' as unknown as IGrantee),
    path: 'sales/sales/orders',
    field: 'grantRead',
    fix: "Principal.fromName('User:<name>')",
  },
  {
    name: 'fails when a grant is given nothing',
    build: () => orders().orders.grantWrite(undefined as unknown as IGrantee),
    path: 'sales/sales/orders',
    field: 'grantWrite',
    fix: 'pass a Domain',
  },
  {
    name: 'fails on a principal name that is not a string',
    build: () => Principal.fromName(undefined as unknown as string),
    path: 'Principal.fromName',
    field: 'name',
    fix: "Principal.fromName('User:<name>')",
  },
  {
    name: 'fails on a write grant to every principal',
    build: () => orders().orders.grantWrite(Principal.fromName('User:*')),
    path: 'sales/sales/orders',
    field: 'grantWrite',
    fix: 'grant named principals',
  },
  {
    name: 'fails at synth on a write grant to a principal nobody declared',
    build: () => {
      const { stack, orders: o } = orders();
      o.grantWrite(Principal.fromName('User:ghost'));
      Testing.synth(stack);
    },
    path: 'sales/sales/orders',
    field: 'grantWrite',
    fix: 'declare it',
  },
  {
    name: 'fails at construct time on a read grant to the wildcard consumer group',
    build: () => {
      const { orders: o } = governed();
      o.grantRead(Principal.fromName('User:analytics'), { consumerGroup: '*' });
    },
    path: 'sales/sales/orders',
    field: 'grantRead.consumerGroup',
    fix: 'use a consumer group id',
  },
  {
    name: 'fails at synth on a read grant whose consumer group prefix is empty',
    build: () => {
      const { stack, orders: o } = governed();
      o.grantRead(Principal.fromName('User:analytics', { consumerGroupPrefix: '' }));
      Testing.fullSynth(stack);
    },
    path: 'sales/sales/orders',
    field: 'NO_WILDCARDS',
    fix: 'non-empty prefix',
  },
]);
