export * from '../model/governance';
export * from './rule';
export * from './rules';
export { DEFAULT_STANDARDS, applyOverride, overrideProblems } from './standards';
export type { StandardsInput } from './standards';
export * from './check';
export * from './waivers';
export type { WaiverRecord } from './state';
