/**
 * Generates the L1 provider bindings from the committed provider schemas, offline: no
 * Terraform, no registry. `npm run gen` writes lib/gen/providers/<provider>/.
 *
 * Input: tools/gen/schemas/versions.json, `{ "<namespace>/<type>": "<exact version>" }`, and for
 * each entry tools/gen/schemas/<namespace>-<type>.json, what `tofu providers schema -json`
 * prints for that provider.
 */
import * as fs from 'fs';
import * as path from 'path';
import { generateProviderBindingsFromSchema } from '@cdktf/provider-generator';

const root = path.resolve(__dirname, '..', '..');
const schemaDir = path.join(root, 'tools', 'gen', 'schemas');
// `--out <dir>` writes elsewhere (the drift test regenerates into a temporary directory).
const outFlag = process.argv.indexOf('--out');
const outDir = outFlag >= 0 ? path.resolve(process.argv[outFlag + 1]) : path.join(root, 'lib', 'gen');

async function main(): Promise<void> {
  const versions: Record<string, string> = JSON.parse(fs.readFileSync(path.join(schemaDir, 'versions.json'), 'utf8'));
  fs.rmSync(outDir, { recursive: true, force: true });
  for (const source of Object.keys(versions)) {
    const schemaFile = path.join(schemaDir, `${source.replace('/', '-')}.json`);
    if (!fs.existsSync(schemaFile))
      throw new Error(
        `missing provider schema ${path.relative(root, schemaFile)}: build the toolchain (npm run toolchain) and see tools/gen/schemas/README.md`,
      );
    const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
    const [fqpn] = Object.keys(schema.provider_schemas);
    const version = versions[source];
    schema.provider_versions = { [fqpn]: version };
    await generateProviderBindingsFromSchema(outDir, schema);
    console.log(`generated ${source} ${version}`);
  }
  tidy(outDir);
}

/**
 * Makes the generated code portable: the provider source becomes the bare `<namespace>/<type>`
 * (Terraform and OpenTofu each resolve it in their own registry), and links into one registry's
 * web site give way to plain attribute names. The per-resource README stubs are dropped.
 */
function tidy(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      tidy(file);
    } else if (entry.name === 'README.md') {
      fs.rmSync(file);
    } else if (entry.name.endsWith('.ts')) {
      const text = fs
        .readFileSync(file, 'utf8')
        .replace(/terraformProviderSource: '[^/']+\/([^/']+\/[^/']+)'/g, "terraformProviderSource: '$1'")
        .replace(/^\/\/ https:\/\/\S+\/providers\/(\S+?)\/(\S+?)\/(\S+?)\/docs\S*$/gm, '// generated from the $1/$2 $3 provider schema')
        .replace(/Docs at Terraform Registry: \{@link \S+ ([^}]+)\}/g, 'Provider attribute `$1`')
        .replace(/\{@link https?:\/\/\S+ ([^}]+)\}/g, '`$1`');
      fs.writeFileSync(file, text);
    }
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
