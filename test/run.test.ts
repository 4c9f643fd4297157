import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { Domain, DomainDataProduct, KafkaMesh, synthesizeMesh } from '../lib';

/** The error Node's mkdirSync gives for a folder that exists, as cdktf's App constructor meets it. */
function mkdirExists(dir: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`EEXIST: file already exists, mkdir '${dir}'`), { code: 'EEXIST', syscall: 'mkdir', path: dir });
}

describe('synthesizeMesh(() => app)', () => {
  it("builds the app again when cdktf's App constructor met the output folder appearing (another synth's rename)", () => {
    const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-run-')), 'cdktf.out');
    let builds = 0;
    synthesizeMesh(() => {
      builds++;
      if (builds === 1) throw mkdirExists(outdir);
      const app = new App({ outdir });
      new KafkaMesh(app, 'mesh', { cluster: { bootstrapServers: ['localhost:9092'] }, lock: false, catalog: 'none' });
      new DomainDataProduct(new Domain(new TerraformStack(app, 'sales'), 'sales', { owner: 'sales-team', principal: 'User:sales' }), 'orders', {
        description: 'Orders',
      });
      return app;
    });
    expect(builds).toBe(2);
    expect(fs.existsSync(path.join(outdir, 'stacks', 'sales', 'cdk.tf.json'))).toBe(true);
  });

  it('gives up after three builds, and any other error at once', () => {
    let builds = 0;
    expect(() =>
      synthesizeMesh(() => {
        builds++;
        throw mkdirExists('/nowhere/cdktf.out');
      }),
    ).toThrow('EEXIST');
    expect(builds).toBe(3);
    builds = 0;
    expect(() =>
      synthesizeMesh(() => {
        builds++;
        throw Object.assign(new Error('EACCES: permission denied, mkdir'), { code: 'EACCES', syscall: 'mkdir' });
      }),
    ).toThrow('EACCES');
    expect(builds).toBe(1);
  });
});
