import { defineRule } from '../rule';

/** A domain's grants stay within an ACL budget: past it, the authorizer's load and the review burden grow. */
export const ACL_BUDGET = defineRule({
  id: 'ACL_BUDGET',
  summary: "The ACLs written for a domain's grants, after de-duplication, stay within `aclBudgetPerDomain` (a warning)",
  fix: 'Consolidate consumers (one principal per consuming domain), or raise the budget by a domain override within bounds',
  level: 'warning',
  checkDomain(d, s) {
    if (d.aclCount <= s.aclBudgetPerDomain) return [];
    return [
      {
        field: 'grants',
        value: d.aclCount,
        problem: `write more ACLs than the budget of ${s.aclBudgetPerDomain}`,
        fix: 'grant consuming domains rather than many single applications, or raise aclBudgetPerDomain with a domain override within the platform bounds',
      },
    ];
  },
});
