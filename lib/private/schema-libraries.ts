/**
 * The schema libraries (avsc, ajv with its formats, protobufjs), each loaded on its first use.
 * They take some 100 ms and 20 MB to load, and the library's entry point reaches them through
 * the compatibility checker; a mesh of plain Avro records without a lock uses none of them.
 * Only types are imported from them elsewhere (`import type`), so nothing else loads them.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- each is loaded on first use, not with the library */
import type * as Avsc from 'avsc';
import type AjvDraft7 from 'ajv';
import type AjvDraft2019 from 'ajv/dist/2019';
import type AjvDraft2020 from 'ajv/dist/2020';
import type AddFormats from 'ajv-formats';
import type * as Protobuf from 'protobufjs';

/** A module loaded by `load` the first time the returned function is called. */
function onFirstUse<T>(load: () => T): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= load());
}

/** avsc. */
export const avsc = onFirstUse(() => require('avsc') as typeof Avsc);

/** protobufjs. */
export const protobufjs = onFirstUse(() => require('protobufjs') as typeof Protobuf);

/** ajv's validator of JSON Schema draft-07 (and older ones), of 2019-09 and of 2020-12; ajv-formats. */
export const ajv = {
  draft7: onFirstUse(() => (require('ajv') as { default: typeof AjvDraft7 }).default),
  draft2019: onFirstUse(() => (require('ajv/dist/2019') as { default: typeof AjvDraft2019 }).default),
  draft2020: onFirstUse(() => (require('ajv/dist/2020') as { default: typeof AjvDraft2020 }).default),
  addFormats: onFirstUse(() => (require('ajv-formats') as { default: typeof AddFormats }).default),
};
