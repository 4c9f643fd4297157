/**
 * catalog.json alone: the mesh model, what review tools read. Apart from the other writers, so
 * that a synth writing only this file (`catalog: 'json'`) loads nothing else of the catalog.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { MeshModel, StreamedModel } from '../model/model';
import { paths } from './names';
import { writeParts } from '../private/background-writes';

/** Where the catalog goes inside a synth output directory. */
export const CATALOG_DIR = 'catalog';

/**
 * Writes only `<outdir>/catalog/catalog.json`, the mesh model (what review tools read); its
 * products may come one at a time ({@link StreamedModel}).
 */
export function writeCatalogJson(model: MeshModel | StreamedModel, outdir: string): string {
  const dir = path.join(outdir, CATALOG_DIR);
  fs.mkdirSync(dir, { recursive: true });
  writeParts(path.join(dir, paths.catalogJson), jsonLines(model));
  return dir;
}

/**
 * A plain object as JSON, in pieces, with each member on its own line and, in a member that is a
 * list, each element on its own line, compact: catalog.json and lineage.json list thousands of
 * products, domains, nodes or edges, and one line each keeps a change to one of them a one-line
 * diff at about two thirds of the bytes of an indented file. Parses to the same value as
 * `JSON.stringify(value)`, where a member that is a generator is the list of what it yields
 * (read once, an element at a time).
 */
export function* jsonLines(value: object): Generator<string> {
  let first = true;
  yield '{';
  for (const [key, member] of Object.entries(value)) {
    const list = Array.isArray(member) || isGenerator(member) ? (member as Iterable<unknown>) : undefined;
    const text = list ? undefined : JSON.stringify(member);
    // Members JSON leaves out (undefined, functions) are left out here too.
    if (!list && text === undefined) continue;
    yield `${first ? '' : ','}\n  ${JSON.stringify(key)}: `;
    first = false;
    if (!list) {
      yield text!;
      continue;
    }
    // An element JSON cannot write (undefined, a function) is null, as in JSON.stringify.
    let n = 0;
    for (const element of list) yield `${n++ ? ',' : '['}\n    ${JSON.stringify(element) ?? 'null'}`;
    yield n ? '\n  ]' : '[]';
  }
  yield first ? '}\n' : '\n}\n';
}

function isGenerator(value: unknown): value is Generator {
  return Object.prototype.toString.call(value) === '[object Generator]';
}
