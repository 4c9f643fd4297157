/** The governance constructs: the policy, its rule packs (run as Aspects), domain overrides, and the facts they collect. */
export { collectFacts } from './facts';
export type { StackFacts, Sourced } from './facts';
export { GovernancePack, MeshStandards, evaluateStack, findingMessage } from './pack';
export * from './policy';
export * from './overrides';
