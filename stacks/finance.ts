import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { Domain, DomainDataProduct, DomainOverrides, fromFile, Schema } from 'cdktf-kafka-mesh';
import { consumers } from './consumers';

/** The finance domain: booked transactions, ingested from the ledger database. */
export class FinanceStack extends TerraformStack {
  public readonly domain: Domain;
  public readonly transactions: DomainDataProduct;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.domain = new Domain(this, 'finance', {
      owner: 'finance-team@example.com',
      contact: '#finance-data',
      description: 'Payments and the ledger',
      principal: 'User:finance',
    });
    // Within the platform's bounds (overrideBounds.retentionMs.max is 'infinite').
    DomainOverrides.of(this.domain).set({ retentionMs: { max: 'infinite' } }, 'Booked transactions are the ledger of record and are kept for ever');
    this.transactions = new DomainDataProduct(this.domain, 'transactions', {
      description: 'Booked payment transactions, one record per booking',
      partitions: 3,
      retentionMs: 'infinite',
      minInsyncReplicas: 2,
      valueSchema: Schema.avro(fromFile('schemas/finance/transactions.avsc')),
      compatibility: 'FULL_TRANSITIVE',
      classification: 'confidential',
      tags: ['payments', 'ledger'],
    });
    this.transactions.grantRead(consumers.analytics);
  }
}
