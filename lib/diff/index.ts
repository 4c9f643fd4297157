/**
 * The mesh-aware diff: what a change does to the mesh, per stack and data product, with risk
 * flags a reviewer must accept. `kafka-mesh diff` is its command line (docs/diff.md).
 */
export * from './types';
export { DiffInputError } from './errors';
export { readSynthOutput, readCatalogFile } from './snapshot';
export type { SynthSnapshot, StackSnapshot, TopicValue, SchemaValue } from './snapshot';
export { diffMesh } from './compare';
export type { DiffInput } from './compare';
export { readPlanFile } from './plan';
export type { PlanFile } from './plan';
export { levelAtLeast } from './schemas';
export { FLAG_KINDS } from './flags';
export { applyPolicy, parseAcknowledgements, readAcknowledgementFile, DEFAULT_FAIL_ON, FAIL_ON } from './policy';
export type { Acknowledgement } from './policy';
export { renderMarkdown, MARKDOWN_MARKER } from './markdown';
export type { MarkdownOptions } from './markdown';
export { synthesizeRef } from './base-ref';
export type { SynthAtRefOptions, TemporarySynth } from './base-ref';
export { runCli } from './cli';
export type { CliIo } from './cli';
