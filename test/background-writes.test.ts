/**
 * The worker that writes a large catalog's files while the synth goes on: every file arrives
 * whole, a file that cannot be written fails the synth naming it, a piece that throws leaves no
 * file, and the synth waits when too much waits for the disk.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BackgroundWrites } from '../lib/private/background-writes';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-background-'));
const read = (dir: string) => Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));

describe('background writes', () => {
  it('write every file, whole, before finish returns', () => {
    const dir = tmp();
    const files = new BackgroundWrites();
    const expected: Record<string, string> = {};
    for (let i = 0; i < 300; i++) {
      expected[`page-${i}.html`] = `<p>page ${i}</p>`.repeat(i + 1);
      files.write(path.join(dir, `page-${i}.html`), expected[`page-${i}.html`]);
    }
    // A file in pieces, more than one write's worth.
    const pieces = Array.from({ length: 40_000 }, (_, i) => `{"n":${i}}\n`);
    files.writeParts(path.join(dir, 'big.json'), pieces);
    expected['big.json'] = pieces.join('');
    files.finish();
    expect(read(dir)).toEqual(expected);
  });

  it('wait while too much waits for the disk, and still write everything', () => {
    const dir = tmp();
    const files = new BackgroundWrites(1 << 20);
    const chunk = 'x'.repeat(512 << 10);
    for (let i = 0; i < 24; i++) files.write(path.join(dir, `f${i}`), chunk);
    files.finish();
    expect(fs.readdirSync(dir).length).toBe(24);
    expect(files.peakPending).toBeLessThanOrEqual((1 << 20) + chunk.length);
    expect(files.peakPending).toBeGreaterThan(0);
  });

  it('fail, naming the file, when one cannot be written, and write nothing after it', () => {
    const dir = tmp();
    const files = new BackgroundWrites();
    files.write(path.join(dir, 'before.html'), 'ok');
    files.write(path.join(dir, 'missing', 'page.html'), 'no folder for this one');
    files.write(path.join(dir, 'after.html'), 'not written');
    expect(() => files.finish()).toThrow(`could not write ${path.join(dir, 'missing', 'page.html')}: ENOENT`);
    expect(fs.readdirSync(dir)).toEqual(['before.html']);
  });

  it('leave no file, and no temporary one, when a piece throws', () => {
    const dir = tmp();
    const files = new BackgroundWrites();
    function* failing(): Generator<string> {
      yield 'y'.repeat(3 << 20);
      throw new Error('a piece failed');
    }
    expect(() => files.writeParts(path.join(dir, 'catalog.json'), failing())).toThrow('a piece failed');
    files.write(path.join(dir, 'next.html'), 'written');
    files.finish();
    expect(read(dir)).toEqual({ 'next.html': 'written' });
  });

  it('stop when the synth failed, and refuse writes after the end', () => {
    const dir = tmp();
    const files = new BackgroundWrites();
    files.write(path.join(dir, 'a.html'), 'a');
    files.abort();
    expect(() => files.write(path.join(dir, 'b.html'), 'b')).toThrow('ended');
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('fail, and never wait forever, when the worker itself fails', () => {
    const dir = tmp();
    const files = new BackgroundWrites(1 << 20);
    // An operation the worker does not know makes it fail, as a bug in it would.
    (files as unknown as { post(op: object, bytes: number): void }).post({ op: 'no-such-operation' }, 0);
    const chunk = 'z'.repeat(512 << 10);
    expect(() => {
      for (let i = 0; i < 100; i++) files.write(path.join(dir, `f${i}`), chunk);
    }).toThrow('its background writer failed');
    expect(() => files.finish()).not.toThrow(); // reported once, above
  });
});
