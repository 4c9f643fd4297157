/** Writing a catalog file made in pieces. Apart from the writers, so that catalog.json alone loads nothing else. */
import * as fs from 'fs';

/** Characters of a file in pieces written at once. */
const WRITE_CHUNK = 1 << 20;

/**
 * Writes `parts` to `file` one after the other, a megabyte at a time: pieces are small (a DataHub
 * proposal, a Backstage entity, a product of catalog.json), and one system call each would be
 * some 170,000 for the DataHub file at 20,000 products. The whole file is never held at once.
 * The pieces go to a temporary file renamed to `file` once all are written: a piece that throws
 * leaves `file` as it was, and no half-written file.
 */
export function writeParts(file: string, parts: Iterable<string>): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    try {
      let pending = '';
      for (const part of parts) {
        pending += part;
        if (pending.length >= WRITE_CHUNK) {
          fs.writeSync(fd, pending);
          pending = '';
        }
      }
      if (pending) fs.writeSync(fd, pending);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
