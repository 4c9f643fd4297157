import { CLASSIFICATIONS } from '../../model/model';
import { defineRule } from '../rule';
import type { RuleFinding } from '../../model/governance';

const blank = (s: string | undefined) => s === undefined || s.trim() === '';

/** Products carry an owner, a description worth reading and a classification; domains an owner and a contact. */
export const METADATA_REQUIRED = defineRule({
  id: 'METADATA_REQUIRED',
  summary: 'Products have an owner, a description of at least `minDescriptionLength` characters and a classification; domains an owner and a contact',
  fix: 'Fill in owner, description and classification',
  level: 'error',
  checkProduct(p, s) {
    const out: RuleFinding[] = [];
    if (blank(p.owner))
      out.push({
        field: 'owner',
        value: p.owner,
        problem: 'must name the owning team',
        fix: "set owner (or the Domain's owner) to the team's e-mail or name",
      });
    if (p.description.trim().length < s.minDescriptionLength) {
      out.push({
        field: 'description',
        value: p.description,
        problem: `must describe the product in at least ${s.minDescriptionLength} characters`,
        fix: 'say in a sentence what one record is and when it is written, for consumers who do not know the domain',
      });
    }
    if (!(CLASSIFICATIONS as readonly string[]).includes(p.classification)) {
      out.push({
        field: 'classification',
        value: p.classification,
        problem: `must be one of ${CLASSIFICATIONS.join(', ')}`,
        fix: "set classification; 'pii' for personal data",
      });
    }
    return out;
  },
  checkDomain(d) {
    const out: RuleFinding[] = [];
    if (blank(d.owner))
      out.push({ field: 'owner', value: d.owner, problem: 'must name the owning team', fix: "set owner to the team's e-mail or name" });
    if (blank(d.contact))
      out.push({
        field: 'contact',
        value: d.contact,
        problem: 'must say how to reach the team',
        fix: 'set contact to a chat channel, on-call rota or e-mail',
      });
    return out;
  },
});
