/**
 * The example GitHub Actions workflows are valid workflows: each is checked against the GitHub
 * workflow JSON Schema (SchemaStore's, bundled offline in @action-validator/core), and the
 * check is shown to fail on broken copies. The deploy workflow also passes every secret the
 * synthesized mesh reads and disables the cdktf checkpoint.
 */
import * as fs from 'fs';
import * as path from 'path';
import { validateWorkflow } from '@action-validator/core';
import { parse } from 'yaml';
import { synthExample } from '../catalog/helpers';

const DIR = path.resolve(__dirname, '..', '..', 'examples', 'github-actions');
const WORKFLOWS = ['deploy.yml', 'mesh-diff.yml'];
const read = (file: string) => fs.readFileSync(path.join(DIR, file), 'utf8');
const errorsOf = (text: string) => validateWorkflow(text).errors;

describe('example workflows', () => {
  it.each(WORKFLOWS)('%s is a valid GitHub Actions workflow', (file) => {
    expect(errorsOf(read(file))).toEqual([]);
  });

  it.each(WORKFLOWS)('the check catches a broken %s', (file) => {
    const text = read(file);
    const broken = [
      text.replace(/runs-on:/, 'run-on:'), // a misspelt job key
      text.replace(/^on:/m, 'trigger:'), // no trigger
      text.replace(/^jobs:/m, 'jobz:'), // no jobs
      text.replace(/- uses: actions\/checkout@v4/, '- uses: actions/checkout@v4\n        runs: yes'), // an unknown step key
    ];
    for (const b of broken) {
      expect(b).not.toBe(text);
      expect(errorsOf(b).length).toBeGreaterThan(0);
    }
  });

  it('deploy.yml plans on pull requests, applies on main, and passes what the mesh reads from the environment', () => {
    const wf = parse(read('deploy.yml'));
    expect(Object.keys(wf.on).sort()).toEqual(['pull_request', 'push']);
    expect(wf.on.push.branches).toEqual(['main']);
    expect(wf.jobs.plan.if).toContain("github.event_name == 'pull_request'");
    expect(wf.jobs.apply.if).toContain("github.ref == 'refs/heads/main'");
    expect(wf.env.CHECKPOINT_DISABLE).toBe('1');
    expect(wf.env.KAFKA_SASL_PASSWORD).toBe('${{ secrets.KAFKA_SASL_PASSWORD }}');
    expect(wf.env.SCHEMA_REGISTRY_PASSWORD).toBe('${{ secrets.SCHEMA_REGISTRY_PASSWORD }}');
    // Every SCRAM password variable of the synthesized mesh comes from a secret.
    const example = synthExample();
    const platform = JSON.parse(fs.readFileSync(path.join(example.outdir, 'stacks', 'platform', 'cdk.tf.json'), 'utf8'));
    const variables = Object.keys(platform.variable ?? {}).filter((v) => v.startsWith('scram_password_'));
    expect(variables.length).toBeGreaterThan(0);
    for (const v of variables) expect(wf.env[`TF_VAR_${v}`]).toBe(`\${{ secrets.TF_VAR_${v} }}`);
    // Write-only attributes need OpenTofu 1.11 or later.
    for (const job of ['plan', 'apply']) {
      const tofu = wf.jobs[job].steps.find((s: { uses?: string }) => s.uses?.startsWith('opentofu/setup-opentofu'));
      const [major, minor] = String(tofu.with.tofu_version).split('.').map(Number);
      expect(major > 1 || (major === 1 && minor >= 11)).toBe(true);
    }
  });

  it('mesh-diff.yml synthesizes the head itself, runs the diff whatever the synth step did, and keeps the full report', () => {
    const wf = parse(read('mesh-diff.yml'));
    const steps: {
      id?: string;
      name?: string;
      if?: string;
      run?: string;
      uses?: string;
      with?: Record<string, string>;
      'continue-on-error'?: boolean;
    }[] = wf.jobs['mesh-diff'].steps;
    const synth = steps.find((s) => s.id === 'synth')!;
    const diff = steps.find((s) => s.id === 'diff')!;
    expect(synth['continue-on-error']).toBe(true);
    expect(diff.if).toBeUndefined();
    expect(diff.run).toContain('--head-ref HEAD');
    expect(diff.run).not.toContain('--head cdktf.out');
    expect(diff.run).toMatch(/--max-chars \d+ --full-report "the mesh-diff artifact of run \$RUN_ID"/);
    expect(diff.run).toContain('cp "$GITHUB_STEP_SUMMARY" mesh-diff-full.md');
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    expect(upload.if).toBe('always()');
    expect(upload.with!.name).toBe('mesh-diff');
    expect(upload.with!.path).toContain('mesh-diff-full.md');
    expect(steps.indexOf(upload)).toBeGreaterThan(steps.indexOf(diff));
    const fail = steps.find((s) => s.name === 'Fail while a flag is not acknowledged')!;
    expect(fail.if).toBe("always() && steps.diff.outputs.exit != '0'");
  });
});
