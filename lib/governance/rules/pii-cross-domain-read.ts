import { defineRule } from '../rule';
import { externalReaders } from './shared';

/**
 * Restricted data (by default `pii`) stays in its domain: another domain may read it only
 * under an explicit waiver that says why.
 */
export const PII_CROSS_DOMAIN_READ = defineRule({
  id: 'PII_CROSS_DOMAIN_READ',
  summary: 'Products classified in `restrictedClassifications` (pii) are not read by other domains without a waiver',
  fix: "Remove the grant, publish a de-identified product, or Waivers.of(product).waive('PII_CROSS_DOMAIN_READ', '<why; who approved>')",
  level: 'error',
  checkProduct(p, s) {
    if (!s.restrictedClassifications.includes(p.classification)) return [];
    const readers = externalReaders(p);
    if (!readers.length) return [];
    return [
      {
        field: 'grantRead',
        value: readers,
        problem: `lets other domains read ${p.classification} data`,
        fix: `remove the grant, publish a de-identified product for them, or waive with the reason and approval: Waivers.of(product).waive('PII_CROSS_DOMAIN_READ', '...')`,
      },
    ];
  },
});
