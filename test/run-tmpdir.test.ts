import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { removeRunTmpdir, useRunTmpdir } from './run-tmpdir';

describe("the test run's temporary folder", () => {
  it('is where this test process makes its temporary folders', () => {
    // Set by the unit run's global setup (jest.config.js), inherited by this worker.
    expect(path.basename(os.tmpdir())).toMatch(/^cdktf-kafka-mesh-tests-/);
    expect(fs.statSync(os.tmpdir()).isDirectory()).toBe(true);
  });

  // process.env in a test is jest's copy (os.tmpdir() reads the worker's own): TMPDIR is what a
  // global setup leaves to the workers and the processes they start.
  it('is made as TMPDIR, and removed with what it holds, the previous TMPDIR restored', () => {
    const saved = { ...process.env };
    const before = process.env.TMPDIR;
    try {
      useRunTmpdir();
      const dir = process.env.TMPDIR!;
      expect(path.dirname(dir)).toBe(os.tmpdir());
      expect(path.basename(dir)).toMatch(/^cdktf-kafka-mesh-tests-/);
      const made = fs.mkdtempSync(path.join(dir, 'made-'));
      fs.writeFileSync(path.join(made, 'file'), 'x');
      removeRunTmpdir();
      expect(fs.existsSync(dir)).toBe(false);
      expect(process.env.TMPDIR).toBe(before);
    } finally {
      process.env = saved;
    }
  });
});
