import { sh } from './cluster';

describe('the committed provider schemas', () => {
  it('are what the pinned, built providers print (tofu providers schema -json)', () => {
    const r = sh('bash', ['tools/toolchain/provider-schemas.sh', '--check']);
    expect(`exit ${r.status}\n${r.status === 0 ? '' : r.output.slice(-3000)}`).toBe('exit 0\n');
  });
});
