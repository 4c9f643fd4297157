import type { FlagCategory, FlagKind, FlagSource, RiskFlag } from './types';

/**
 * What each kind of flag is, in the words the reports use. Kinds whose category is fixed are
 * listed; `replication-change` is a risk from the synthesized code (the provider reassigns
 * replicas in place on brokers from Kafka 2.4) and data loss when a plan shows the replacement.
 */
export const FLAG_KINDS: Readonly<Record<FlagKind, { readonly category: FlagCategory; readonly title: string }>> = {
  'topic-removed': { category: 'data-loss', title: 'topic deleted' },
  'topic-moved': { category: 'data-loss', title: 'topic moves between stacks' },
  'topic-replaced': { category: 'data-loss', title: 'topic deleted and created again' },
  'topic-unprotected': { category: 'data-loss', title: 'topic loses its protection' },
  'partition-decrease': { category: 'data-loss', title: 'fewer partitions' },
  'replication-change': { category: 'risk', title: 'replication factor changes' },
  'retention-cut': { category: 'data-loss', title: 'retention cut' },
  'cleanup-policy-flip': { category: 'data-loss', title: 'cleanup.policy changes' },
  'access-lost': { category: 'risk', title: 'access lost' },
  'schema-incompatible': { category: 'risk', title: 'incompatible schema' },
  'schema-removed': { category: 'risk', title: 'schema subject deleted' },
  'compatibility-relaxed': { category: 'risk', title: 'compatibility level relaxed' },
  'synth-refused': { category: 'risk', title: 'the mesh refuses the change' },
  'lock-edited': { category: 'risk', title: 'mesh lock edited by hand' },
};

/** A flag before it has an id, sources and acknowledgements. */
export interface FlagDraft {
  readonly kind: FlagKind;
  /** What the flag is about (a topic, a subject, `<principal>@<resource>`): the id's second part. */
  readonly object: string;
  readonly message: string;
  readonly category?: FlagCategory;
  readonly topic?: string;
}

export function flagId(kind: FlagKind, object: string): string {
  return `${kind}:${object}`;
}

/** The flags of one diff, merged by id: the same finding from synth and plan is one flag. */
export class FlagSet {
  private readonly flags = new Map<string, RiskFlag>();

  public add(draft: FlagDraft, stack: string, affects: string[], source: FlagSource): RiskFlag {
    const id = flagId(draft.kind, draft.object);
    const category = draft.category ?? FLAG_KINDS[draft.kind].category;
    const existing = this.flags.get(id);
    if (existing) {
      if (!existing.sources.includes(source)) existing.sources.push(source);
      if (category === 'data-loss') existing.category = 'data-loss';
      return existing;
    }
    const flag: RiskFlag = {
      id,
      kind: draft.kind,
      category,
      stack,
      ...(draft.topic ? { topic: draft.topic } : {}),
      message: draft.message,
      affects,
      sources: [source],
    };
    this.flags.set(id, flag);
    return flag;
  }

  public get(id: string): RiskFlag | undefined {
    return this.flags.get(id);
  }

  /** Data loss first, then by stack and id. */
  public list(): RiskFlag[] {
    return [...this.flags.values()].sort(compareFlags);
  }
}

export function compareFlags(a: RiskFlag, b: RiskFlag): number {
  const rank = (f: RiskFlag) => (f.category === 'data-loss' ? 0 : 1);
  return rank(a) - rank(b) || a.stack.localeCompare(b.stack) || a.id.localeCompare(b.id);
}
