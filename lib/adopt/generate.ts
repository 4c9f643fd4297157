import { aclKey, AclSpec, CLUSTER_RESOURCE } from '../model/grants';
import type { StackLock } from '../lock/lock';
import { DOMAIN_NAME, ENTITY_NAME } from '../model/naming';
import type { ClusterSnapshot, LiveSubject, LiveTopic } from './read-cluster';
import { aclText } from './read-cluster';
import { nameKeyed, sortedByKey } from '../model/records';

export interface GenerateOptions {
  /** Only these domains. @default every domain found */
  readonly domains?: string[];
  /** The user the mesh connects as: its credentials stay outside the mesh. */
  readonly adminUser?: string;
}

/** What `kafka-mesh import` writes (path relative to the output directory -> content) and reports. */
export interface GeneratedMesh {
  readonly files: Map<string, string>;
  readonly report: ImportReport;
}

export interface ImportReport {
  readonly domains: { name: string; owner?: string; topics: number; grants: number }[];
  readonly imports: number;
  /**
   * Topics whose names do not fit `<domain>.<entity>`: adopted under their own names
   * (`existingTopicName`, with a TOPIC_NAMING waiver) in the suggested domain.
   */
  readonly misfits: { topic: string; suggestedDomain: string; entity: string; reason: string }[];
  /** ACLs no grant, domain or service account explains: left on the cluster, unmanaged. */
  readonly unexplainedAcls: string[];
  /** Subjects that belong to no adopted topic. */
  readonly unmanagedSubjects: string[];
  /** Credentials and quotas left outside the mesh, with why. */
  readonly notes: string[];
}

const q = (s: string) => JSON.stringify(s);
const ident = (s: string) => s.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')).replace(/^[0-9]/, '_$&');
const cls = (s: string) => ident(s).replace(/^./, (c) => c.toUpperCase());
const TOPIC = /^([a-z][a-z0-9-]{0,62})\.(.+)$/;
const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*(\.v\d+)?$/;
const EXT: Record<string, string> = { AVRO: 'avsc', JSON: 'json', PROTOBUF: 'proto' };
const FACTORY: Record<string, string> = { AVRO: 'avro', JSON: 'jsonSchema', PROTOBUF: 'protobuf' };

interface PrincipalInfo {
  groupPrefix?: string;
  idempotent: boolean;
  scram: string[];
  quota?: Record<string, number>;
}

/** Turns a snapshot of a live cluster into mesh code, lock and import lists. Pure: writes nothing. */
export function generateMesh(snapshot: ClusterSnapshot, options: GenerateOptions = {}): GeneratedMesh {
  const files = new Map<string, string>();
  const report: { -readonly [K in keyof ImportReport]: ImportReport[K] } = {
    domains: [],
    imports: 0,
    misfits: [],
    unexplainedAcls: [],
    unmanagedSubjects: [],
    notes: [],
  };
  const written = new Set<string>(); // aclText of every ACL the mesh code writes
  const allow = snapshot.acls.filter((a) => a.permission === 'Allow' && a.host === '*');
  const has = (p: string, op: string, type: string, name: string, pattern: 'Literal' | 'Prefixed') =>
    allow.some((a) => a.principal === p && a.operation === op && a.resourceType === type && a.resourceName === name && a.patternType === pattern);
  const acl = (principal: string, operation: string, resourceType: string, resourceName: string, patternType: 'Literal' | 'Prefixed'): AclSpec =>
    ({ principal, operation, resourceType, resourceName, patternType, permission: 'Allow', host: '*' }) as AclSpec;

  // Principals and what they hold at the principal level.
  const principals = new Map<string, PrincipalInfo>();
  const info = (p: string) => {
    let i = principals.get(p);
    if (!i) principals.set(p, (i = { idempotent: false, scram: [] }));
    return i;
  };
  for (const a of allow) {
    if (!/^User:[A-Za-z0-9._@=,+-]+$/.test(a.principal)) continue;
    const i = info(a.principal);
    if (a.resourceType === 'Group' && a.operation === 'Read' && a.patternType === 'Prefixed' && i.groupPrefix === undefined)
      i.groupPrefix = a.resourceName;
    if (a.resourceType === 'Cluster' && a.operation === 'IdempotentWrite' && a.resourceName === CLUSTER_RESOURCE) i.idempotent = true;
  }
  for (const u of snapshot.scramUsers) {
    if (u.user === options.adminUser) {
      report.notes.push(`SCRAM credentials of ${u.user}: the user the mesh connects as; left to the platform, not managed`);
      continue;
    }
    info(`User:${u.user}`).scram = u.mechanisms;
  }
  for (const qu of snapshot.quotas) info(`User:${qu.user}`).quota = qu.config;

  // Topics into domains; a name that does not fit is adopted as it is, in the domain it suggests.
  const byDomain = new Map<string, { topic: LiveTopic; entity: string; existing?: boolean }[]>();
  const adopted: { topic: LiveTopic; domain: string }[] = [];
  for (const t of snapshot.topics) {
    const m = TOPIC.exec(t.name);
    if (!m || !DOMAIN_NAME.test(m[1]) || !ENTITY_NAME.test(m[2])) {
      adopted.push({ topic: t, domain: suggestDomain(t.name) });
      continue;
    }
    if (options.domains?.length && !options.domains.includes(m[1])) continue;
    const list = byDomain.get(m[1]) ?? [];
    list.push({ topic: t, entity: m[2] });
    byDomain.set(m[1], list);
  }
  for (const { topic: t, domain } of adopted) {
    if (options.domains?.length && !options.domains.includes(domain)) continue;
    const list = byDomain.get(domain) ?? [];
    const base =
      t.name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '') || 'topic';
    let entity = /^[a-z0-9]/.test(base) ? base : `t-${base}`;
    for (let n = 2; list.some((x) => x.entity === entity); n++) entity = `${base}-${n}`;
    list.push({ topic: t, entity, existing: true });
    byDomain.set(domain, list);
    report.misfits.push({
      topic: t.name,
      suggestedDomain: domain,
      entity,
      reason: `does not fit <domain>.<entity>; adopted under its own name in the ${domain} domain (existingTopicName, with a TOPIC_NAMING waiver)`,
    });
  }
  const selectedTopics = new Set([...byDomain.values()].flat().map((x) => x.topic.name));

  // Domain owners: prefixed Read, Write, Describe on `<domain>.` plus their own groups and IdempotentWrite.
  const owners = new Map<string, string>();
  for (const domain of byDomain.keys()) {
    const candidates = [...principals.keys()].filter(
      (p) =>
        ['Read', 'Write', 'Describe'].every((op) => has(p, op, 'Topic', `${domain}.`, 'Prefixed')) &&
        principals.get(p)!.groupPrefix !== undefined &&
        principals.get(p)!.idempotent,
    );
    if (candidates.length) owners.set(domain, candidates.sort()[0]);
  }
  const ownerPrincipals = new Set(owners.values());

  // Service accounts: principals with their own groups and IdempotentWrite (what a ServiceAccount writes).
  const accounts = new Map<string, PrincipalInfo>();
  for (const [p, i] of principals) {
    if (i.groupPrefix !== undefined && i.idempotent) accounts.set(p, i);
    else {
      if (i.scram.length)
        report.notes.push(
          `SCRAM credentials of ${p.slice(5)} (${i.scram.join(', ')}): not managed: a ServiceAccount would add Read on its consumer-group prefix and IdempotentWrite, which it does not hold; add those ACLs and run import again, or leave them to the platform`,
        );
      if (i.quota) report.notes.push(`quota of ${p.slice(5)} ${JSON.stringify(i.quota)}: not managed (no ServiceAccount, see above)`);
    }
  }
  // What declares each principal's own ACLs (so grants do not write them again).
  const ownsPrincipalAcls = (p: string) => accounts.has(p) || ownerPrincipals.has(p);
  for (const [p, i] of accounts) {
    written.add(aclText(acl(p, 'Read', 'Group', i.groupPrefix!, 'Prefixed')));
    written.add(aclText(acl(p, 'IdempotentWrite', 'Cluster', CLUSTER_RESOURCE, 'Literal')));
  }

  const subjects = new Map(snapshot.subjects.map((s) => [s.subject, s]));
  const usedSubjects = new Set<string>();
  const declaredPrincipals = new Set<string>([...accounts.keys(), ...ownerPrincipals]);
  const extraPrincipals = new Set<string>();
  const stackNames: string[] = [];
  const globalLevel = snapshot.globalCompatibility ?? 'BACKWARD';

  for (const [domain, products] of [...byDomain].sort(([a], [b]) => a.localeCompare(b))) {
    const stack = domain;
    stackNames.push(stack);
    const owner = owners.get(domain);
    const imports: { to: string; id: string }[] = [];
    const lock: { topics: Record<string, unknown>; subjects: Record<string, unknown> } = { topics: nameKeyed(), subjects: nameKeyed() };
    const lines: string[] = [];
    const grantees = new Map<string, string>(); // principal -> variable
    let grantCount = 0;
    const grantee = (p: string, group?: { prefix: string }) => {
      if (p === owner) return 'domain';
      if (!grantees.has(p)) grantees.set(p, `${ident(p.slice(5))}Principal`);
      if (!declaredPrincipals.has(p)) extraPrincipals.add(p);
      if (group && !ownsPrincipalAcls(p)) grantees.set(p, `${ident(p.slice(5))}Principal`);
      return grantees.get(p)!;
    };
    const granteeOptions = new Map<string, string>();
    const mine = new Set<string>();
    const write = (a: AclSpec) => {
      written.add(aclText(a));
      mine.add(aclText(a));
    };
    if (owner) {
      const i = principals.get(owner)!;
      for (const op of ['Read', 'Write', 'Describe']) write(acl(owner, op, 'Topic', `${domain}.`, 'Prefixed'));
      // A Domain writes its principal's own ACLs, before a ServiceAccount of the same principal.
      write(acl(owner, 'Read', 'Group', i.groupPrefix!, 'Prefixed'));
      write(acl(owner, 'IdempotentWrite', 'Cluster', CLUSTER_RESOURCE, 'Literal'));
    }
    const variables = new Set(['domain']);
    for (const { topic, entity, existing } of products) {
      const t = topic;
      let v = ident(entity);
      for (let n = 2; variables.has(v); n++) v = `${ident(entity)}${n}`;
      variables.add(v);
      const props: string[] = [
        `description: ${q(`Adopted from the cluster: ${t.name} (describe it for its consumers)`)}`,
        ...(existing ? [`existingTopicName: ${q(t.name)}`] : []),
        `partitions: ${t.partitions}`,
        `replicationFactor: ${t.replicationFactor}`,
      ];
      const config = { ...t.config };
      const take = (key: string) => {
        const value = config[key];
        delete config[key];
        return value;
      };
      const num = (s: string) => (s === '-1' ? q('infinite') : s);
      const retention = take('retention.ms');
      if (retention !== undefined) props.push(`retentionMs: ${num(retention)}`);
      const bytes = take('retention.bytes');
      if (bytes !== undefined) props.push(`retentionBytes: ${num(bytes)}`);
      const cleanup = take('cleanup.policy');
      if (cleanup !== undefined) {
        const normal = cleanup
          .split(',')
          .map((s) => s.trim())
          .sort()
          .join(',');
        if (['delete', 'compact', 'compact,delete'].includes(normal) && normal === cleanup) props.push(`cleanupPolicy: ${q(normal)}`);
        else config['cleanup.policy'] = cleanup;
      }
      const maxBytes = take('max.message.bytes');
      if (maxBytes !== undefined) props.push(`maxMessageBytes: ${maxBytes}`);
      const minIsr = take('min.insync.replicas');
      // Always stated: the mesh would otherwise write its default (2, capped at the replicas).
      props.push(`minInsyncReplicas: ${minIsr ?? Math.min(t.minInsyncReplicas, t.replicationFactor)}`);
      if (Object.keys(config).length) props.push(`config: ${JSON.stringify(config)}`);
      const declaredConfig: Record<string, string> = {
        ...t.config,
        'min.insync.replicas': minIsr ?? String(Math.min(t.minInsyncReplicas, t.replicationFactor)),
      };
      imports.push({ to: `kafka_topic.protected[${q(t.name)}]`, id: t.name });
      lock.topics[t.name] = {
        partitions: t.partitions,
        replicationFactor: t.replicationFactor,
        protected: true,
        config: sortedByKey(declaredConfig),
      };

      // Schemas: the latest version of `<topic>-value` / `<topic>-key`.
      let level: string | undefined;
      const schemaProps: string[] = [];
      for (const [field, subjectName] of [
        ['valueSchema', `${t.name}-value`],
        ['keySchema', `${t.name}-key`],
      ] as const) {
        const s = subjects.get(subjectName);
        if (!s || s.versions.length === 0) continue;
        usedSubjects.add(subjectName);
        const latest = s.versions[s.versions.length - 1];
        const file = `schemas/${domain}/${entity}${field === 'keySchema' ? '-key' : ''}.${EXT[latest.schemaType] ?? 'txt'}`;
        files.set(file, latest.schema.endsWith('\n') ? latest.schema : `${latest.schema}\n`);
        const refs = latest.references.length
          ? `, { references: ${JSON.stringify(latest.references.map((r) => ({ name: r.name, subject: r.subject, version: r.version })))} }`
          : '';
        schemaProps.push(`${field}: Schema.${FACTORY[latest.schemaType]}(fromFile(${q(file)})${refs})`);
        const subjectLevel = s.compatibility ?? globalLevel;
        level ??= subjectLevel;
        if (subjectLevel !== level)
          report.notes.push(
            `${subjectName}: compatibility ${subjectLevel} differs from its product's other subject (${level}); the mesh sets one level per product, ${level}`,
          );
        const block = latest.references.some((r) => r.subject.startsWith(`${domain}.`) && subjects.has(r.subject))
          ? 'subject_referencing'
          : 'subject';
        imports.push({ to: `restapi_object.${block}[${q(subjectName)}]`, id: `/subjects/${subjectName}/versions/latest` });
        if (s.compatibility) imports.push({ to: `restapi_object.subject_compatibility[${q(subjectName)}]`, id: `/config/${subjectName}` });
        else
          report.notes.push(
            `${subjectName}: no subject-level compatibility on the registry (it follows the global ${globalLevel}); the first deploy sets ${level} on the subject (a create of restapi_object.subject_compatibility[${q(subjectName)}], the same level it has now)`,
          );
        lock.subjects[subjectName] = { type: latest.schemaType, compatibility: level, versions: s.versions.map((x) => lockVersion(x, subjects)) };
      }
      if (schemaProps.length) props.push(...schemaProps, `compatibility: ${q(level!)}`);
      lines.push(`    const ${v} = new DomainDataProduct(domain, ${q(entity)}, {\n${props.map((p) => `      ${p},`).join('\n')}\n    });`);
      if (existing || !KEBAB.test(entity)) {
        lines.push(
          `    Waivers.of(${v}).waive('TOPIC_NAMING', ${q(`Adopted as it is: ${t.name} existed before the mesh; renaming it would create a new topic and strand its consumers`)});`,
        );
      }
      // A name outside the prefix: the product gives the domain's principal literal access.
      if (existing && owner) {
        const ownerAcls = ['Read', 'Write', 'Describe'].map((op) => acl(owner, op, 'Topic', t.name, 'Literal'));
        for (const a of ownerAcls) write(a);
        const missing = ownerAcls.filter((a) => a.operation !== 'Describe' && !has(owner, a.operation, 'Topic', t.name, 'Literal'));
        if (missing.length)
          report.notes.push(
            `${t.name}: the ${domain} domain's principal ${owner} has no literal ${missing.map((a) => a.operation).join(' and ')} on it; the first deploy adds ${missing.length === 1 ? 'it' : 'them'} (a domain's principal may use every topic the domain owns), or set ownerAccess: false on the domain`,
          );
      }
      // Grants: the exact ACL sets grantRead / grantWrite write, found on the cluster.
      const literal = allow.filter((a) => a.resourceType === 'Topic' && a.patternType === 'Literal' && a.resourceName === t.name);
      for (const p of [...new Set(literal.map((a) => a.principal))].sort()) {
        if (!p.startsWith('User:') || p === 'User:*') continue;
        if (p === owner) continue; // the domain's prefixed ACLs cover it; an adopted name's literal ones: below
        const pi = principals.get(p);
        const canRead = has(p, 'Read', 'Topic', t.name, 'Literal') && has(p, 'Describe', 'Topic', t.name, 'Literal');
        const canWrite = has(p, 'Write', 'Topic', t.name, 'Literal') && has(p, 'Describe', 'Topic', t.name, 'Literal');
        if (canRead) {
          const own = ownsPrincipalAcls(p);
          const group = own ? undefined : pi?.groupPrefix;
          if (own || group !== undefined) {
            const g = grantee(p);
            if (group !== undefined) {
              granteeOptions.set(p, group);
              write(acl(p, 'Read', 'Group', group, 'Prefixed'));
            }
            lines.push(`    ${v}.grantRead(${g});`);
            write(acl(p, 'Read', 'Topic', t.name, 'Literal'));
            write(acl(p, 'Describe', 'Topic', t.name, 'Literal'));
            grantCount++;
          }
        }
        if (canWrite && (ownsPrincipalAcls(p) || pi?.idempotent)) {
          const g = grantee(p);
          lines.push(`    ${v}.grantWrite(${g});`);
          write(acl(p, 'Write', 'Topic', t.name, 'Literal'));
          write(acl(p, 'Describe', 'Topic', t.name, 'Literal'));
          if (!ownsPrincipalAcls(p)) write(acl(p, 'IdempotentWrite', 'Cluster', CLUSTER_RESOURCE, 'Literal'));
          grantCount++;
        }
      }
    }
    // Import blocks for every ACL this stack writes.
    const stackAcls = allow.filter((a) => mine.has(aclText(a)));
    for (const a of stackAcls) imports.push({ to: `kafka_acl.allow[${q(aclKey(a))}]`, id: aclImportId(a) });
    const granteeDecls = [...grantees].map(([p, variable]) => {
      // The grantee's own consumer-group prefix, so a grant adds no group ACL its declaring construct writes.
      const known = principals.get(p)?.groupPrefix;
      const group = granteeOptions.get(p) ?? (known !== undefined && known !== `${p.slice(5)}.` ? known : undefined);
      return `    const ${variable} = Principal.fromName(${q(p)}${group !== undefined ? `, { consumerGroupPrefix: ${q(group)} }` : ''});`;
    });
    const domainProps = owner
      ? `owner: ${q(`${domain}-team (set the owning team)`)}, principal: ${q(owner)}${principals.get(owner)!.groupPrefix !== `${domain}.` ? `, consumerGroupPrefix: ${q(principals.get(owner)!.groupPrefix!)}` : ''}`
      : `owner: ${q(`${domain}-team (set the owning team)`)}, principal: ${q(`User:${domain}`)}, ownerAccess: false`;
    files.set(
      `stacks/${stack}.ts`,
      [
        `import { TerraformStack } from 'cdktf';`,
        `import { Construct } from 'constructs';`,
        `import { Domain, DomainDataProduct, fromFile, importExisting, Principal, Schema, Waivers } from 'cdktf-kafka-mesh';`,
        ``,
        `/** The ${domain} domain, adopted from the existing cluster by kafka-mesh import. */`,
        `export class ${cls(domain)}Stack extends TerraformStack {`,
        `  constructor(scope: Construct, id: string) {`,
        `    super(scope, id);`,
        `    const domain = new Domain(this, ${q(domain)}, { ${domainProps} });`,
        ...granteeDecls,
        ...lines,
        `    // Adopts the objects that already exist (Terraform import blocks); may go once deployed.`,
        `    importExisting(this, ${q(`adopt/${stack}.json`)});`,
        `  }`,
        `}`,
        ``,
      ]
        .filter((l, i, all) => !(l === '' && all[i - 1] === ''))
        .join('\n')
        .replace(
          /^(import \{ )([^}]+)( \} from 'cdktf-kafka-mesh';)$/m,
          (_m, a, names: string, b) => a + usedNames(names, lines.join('\n') + granteeDecls.join('\n')) + b,
        ),
    );
    files.set(`adopt/${stack}.json`, `${JSON.stringify(imports, null, 2)}\n`);
    files.set(
      `mesh.lock/${stack}.json`,
      `${JSON.stringify({ lockVersion: 2, stack, topics: sortedByKey(lock.topics), subjects: sortedByKey(lock.subjects) } as unknown as StackLock, null, 2)}\n`,
    );
    report.imports += imports.length;
    report.domains.push({ name: domain, owner, topics: products.length, grants: grantCount });
  }

  // The platform stack: service accounts with credentials; quotas as a comment (no importer).
  const platformImports: { to: string; id: string }[] = [];
  const accountLines: string[] = [];
  for (const [p, i] of [...accounts].sort(([a], [b]) => a.localeCompare(b))) {
    const name = p.slice(5);
    const props = [`description: ${q(`Adopted from the cluster: ${name} (say what it is for)`)}`];
    if (i.groupPrefix !== `${name}.`) props.push(`consumerGroupPrefix: ${q(i.groupPrefix!)}`);
    if (i.scram.length) {
      props.push(`scram: { mechanisms: ${JSON.stringify(i.scram)} }`);
      for (const m of i.scram) platformImports.push({ to: `kafka_user_scram_credential.user[${q(`${name} ${m}`)}]`, id: `${name}|${m}` });
    }
    if (i.quota) {
      props.push(
        `// quota: ${JSON.stringify(quotaProps(i.quota))}, // set on the cluster; the kafka provider cannot import quotas, so uncomment to manage it (the first deploy writes the same values)`,
      );
    }
    accountLines.push(
      `    new ServiceAccount(this, ${q(name)}, {\n${props.map((x) => (x.startsWith('//') ? `      ${x}` : `      ${x},`)).join('\n')}\n    });`,
    );
    for (const a of allow.filter(
      (x) =>
        x.principal === p &&
        !ownerPrincipals.has(p) &&
        ((x.resourceType === 'Group' && x.operation === 'Read' && x.patternType === 'Prefixed' && x.resourceName === i.groupPrefix) ||
          (x.resourceType === 'Cluster' && x.operation === 'IdempotentWrite')),
    )) {
      platformImports.push({ to: `kafka_acl.allow[${q(aclKey(a))}]`, id: aclImportId(a) });
    }
  }
  if (accountLines.length) {
    stackNames.unshift('platform');
    files.set(
      'stacks/platform.ts',
      [
        `import { TerraformStack } from 'cdktf';`,
        `import { Construct } from 'constructs';`,
        `import { importExisting, ServiceAccount } from 'cdktf-kafka-mesh';`,
        ``,
        `/**`,
        ` * The platform stack: principals with their credentials, adopted by kafka-mesh import. SCRAM`,
        ` * passwords come from TF_VAR_scram_password_<name>; Kafka never reveals a password, so set each`,
        ` * to the user's current password before the first deploy (or the deploy sets a new one).`,
        ` */`,
        `export class PlatformStack extends TerraformStack {`,
        `  constructor(scope: Construct, id: string) {`,
        `    super(scope, id);`,
        ...accountLines,
        `    importExisting(this, 'adopt/platform.json');`,
        `  }`,
        `}`,
        ``,
      ].join('\n'),
    );
    files.set('adopt/platform.json', `${JSON.stringify(platformImports, null, 2)}\n`);
    files.set('mesh.lock/platform.json', `${JSON.stringify({ lockVersion: 2, stack: 'platform', topics: {}, subjects: {} }, null, 2)}\n`);
    report.imports += platformImports.length;
  }

  const selected = (name: string) => !options.domains?.length || selectedTopics.has(name) || options.domains.some((d) => name.startsWith(`${d}.`));
  for (const s of snapshot.subjects) {
    if (!usedSubjects.has(s.subject) && selected(s.subject.replace(/-(key|value)$/, ''))) report.unmanagedSubjects.push(s.subject);
  }
  const managedPrincipals = new Set<string>();
  for (const a of snapshot.acls) {
    if (written.has(aclText(a))) {
      managedPrincipals.add(a.principal);
      continue;
    }
    if (options.domains?.length && !(a.resourceType === 'Topic' && selected(a.resourceName))) continue;
    report.unexplainedAcls.push(aclText(a));
  }

  files.set('main.ts', mainFile(stackNames, [...extraPrincipals].sort()));
  files.set('IMPORT.md', reportMarkdown(report));
  return { files, report };
}

/**
 * The domain a topic whose name does not fit is adopted into: the part before its first dot when
 * that is a domain name (so the topic stays in the domain whose prefix it is under), else its
 * first word, lower-case (`legacy_payments` -> `legacy`, `ORDERS-v1` -> `orders`).
 */
export function suggestDomain(name: string): string {
  const dotted = /^([a-z][a-z0-9-]{0,62})\./.exec(name);
  if (dotted) return dotted[1];
  const word = (name.toLowerCase().split(/[._-]/)[0] ?? '').replace(/^[^a-z]+/, '').slice(0, 63);
  // `platform` is the stack of principals the import writes; a domain of that name would clash.
  return word && word !== 'platform' ? word : 'legacy';
}

function usedNames(names: string, body: string): string {
  const keep = names
    .split(',')
    .map((s) => s.trim())
    .filter((n) => n === 'Domain' || n === 'importExisting' || new RegExp(`\\b${n}\\b`).test(body));
  return keep.join(', ');
}

/** The kafka provider's import ID of an ACL. */
export function aclImportId(a: AclSpec): string {
  return [a.principal, a.host, a.operation, a.permission, a.resourceType, a.resourceName, a.patternType].join('|');
}

function lockVersion(v: LiveSubject['versions'][number], subjects: Map<string, LiveSubject>): { schema: string; references?: unknown[] } {
  const resolve = (refs: LiveSubject['versions'][number]['references'], depth = 0): unknown[] =>
    refs.map((r) => {
      const target = subjects.get(r.subject)?.versions.find((x) => x.version === r.version);
      return {
        name: r.name,
        subject: r.subject,
        version: r.version,
        schema: target?.schema ?? '',
        ...(target?.references.length && depth < 8 ? { references: resolve(target.references, depth + 1) } : {}),
      };
    });
  return { schema: v.schema, ...(v.references.length ? { references: resolve(v.references) } : {}) };
}

function quotaProps(config: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  if (config.producer_byte_rate !== undefined) out.producerByteRate = config.producer_byte_rate;
  if (config.consumer_byte_rate !== undefined) out.consumerByteRate = config.consumer_byte_rate;
  if (config.request_percentage !== undefined) out.requestPercentage = config.request_percentage;
  return out;
}

function mainFile(stacks: string[], principals: string[]): string {
  const imports = stacks.map((s) => `import { ${s === 'platform' ? 'PlatformStack' : `${cls(s)}Stack`} } from './stacks/${s}';`);
  const news = stacks.map((s) => `  new ${s === 'platform' ? 'PlatformStack' : `${cls(s)}Stack`}(app, ${q(s)});`);
  return [
    `import { App } from 'cdktf';`,
    `import { KafkaMesh, synthesizeMesh } from 'cdktf-kafka-mesh';`,
    ...imports,
    ``,
    `// The mesh adopted from an existing cluster by kafka-mesh import. Connection settings come from`,
    `// the environment, as the providers read them (KAFKA_SASL_PASSWORD is never written here).`,
    `synthesizeMesh(() => {`,
    `  const app = new App();`,
    `  const env = process.env;`,
    `  new KafkaMesh(app, 'mesh', {`,
    `    cluster: {`,
    `      bootstrapServers: (env.KAFKA_BOOTSTRAP_SERVERS ?? 'localhost:9092').split(','),`,
    `      tls: (env.KAFKA_ENABLE_TLS ?? 'true') === 'true',`,
    `      sasl: { mechanism: (env.KAFKA_SASL_MECHANISM ?? 'scram-sha512') as 'plain' | 'scram-sha256' | 'scram-sha512', username: env.KAFKA_SASL_USERNAME ?? 'admin' },`,
    `    },`,
    `    schemaRegistry: { url: env.SCHEMA_REGISTRY_URL ?? 'http://localhost:8081' },`,
    `    lock: { dir: 'mesh.lock' },`,
    ...(principals.length
      ? [
          `    principals: [`,
          ...principals.map((p) => `      { principal: ${q(p)}, description: 'Adopted from the cluster (say what it is)' },`),
          `    ],`,
        ]
      : []),
    `  });`,
    ...news,
    `  return app;`,
    `});`,
    ``,
  ].join('\n');
}

export function reportMarkdown(r: ImportReport): string {
  const out = [
    '# kafka-mesh import',
    '',
    `${r.domains.length} domain(s), ${r.domains.reduce((n, d) => n + d.topics, 0)} topic(s), ${r.imports} import block(s).`,
    '',
  ];
  out.push('| domain | owner principal | topics | grants |', '| --- | --- | --- | --- |');
  for (const d of r.domains) out.push(`| ${d.name} | ${d.owner ?? '(none: ownerAccess false)'} | ${d.topics} | ${d.grants} |`);
  const section = (title: string, items: string[]) => {
    out.push('', `## ${title}`, '');
    out.push(...(items.length ? items.map((i) => `- ${i}`) : ['none']));
  };
  section(
    'Topics whose names do not fit <domain>.<entity> (adopted under their own names, TOPIC_NAMING waived)',
    r.misfits.map(
      (m) =>
        `\`${m.topic}\`: ${m.reason}; product \`${m.entity}\` of the suggested domain \`${m.suggestedDomain}\` (move it by hand to the domain that owns it)`,
    ),
  );
  section(
    'ACLs no grant explains (left on the cluster, not managed)',
    r.unexplainedAcls.map((a) => `\`${a}\``),
  );
  section(
    'Subjects of no adopted topic (not managed)',
    r.unmanagedSubjects.map((s) => `\`${s}\``),
  );
  section('Notes', r.notes);
  out.push('');
  return out.join('\n');
}
