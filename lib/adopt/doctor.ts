import * as fs from 'fs';
import * as path from 'path';
import { AclSpec, impliedBy } from '../model/grants';
import { blockEntries } from '../model/for-each';
import { AdoptError, ConnectionSettings } from './connection';
import { aclText, ClusterSnapshot, registryRequest } from './read-cluster';

/** What the synthesized mesh declares, read from `<outdir>/stacks/<stack>/cdk.tf.json`. */
export interface DeclaredMesh {
  readonly topics: Map<string, { stack: string; partitions: number; config: Record<string, string> }>;
  /** Keyed like the live ACL text (principal host permission operation type:name[*]). */
  readonly acls: Map<string, { stack: string; key: string }>;
  readonly subjects: Map<string, { stack: string; body: string; compatibility?: string }>;
  readonly scram: Set<string>;
}

export type FindingKind = 'drift' | 'unmanaged';

export interface Finding {
  readonly kind: FindingKind;
  /** e.g. `config-drift`, `unmanaged-topic`, `excess-acl`, `missing-topic`, `subject-outside-mesh`. */
  readonly check: string;
  readonly object: string;
  readonly detail: string;
}

/** Reads every stack of a synth output. */
export function readDeclaredMesh(outdir: string): DeclaredMesh {
  const stacksDir = path.join(outdir, 'stacks');
  if (!fs.existsSync(stacksDir))
    throw new AdoptError(
      `no synthesized mesh in ${outdir} (no stacks/ folder)`,
      '--synth',
      'run cdktf synth (npm run synth) first, or pass --synth <dir> with the synth output',
    );
  const mesh: DeclaredMesh = { topics: new Map(), acls: new Map(), subjects: new Map(), scram: new Set() };
  for (const stack of fs.readdirSync(stacksDir).sort()) {
    const file = path.join(stacksDir, stack, 'cdk.tf.json');
    if (!fs.existsSync(file)) continue;
    const tf = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const block of ['protected', 'unprotected']) {
      for (const [name, v] of Object.entries<any>(blockEntries(tf, 'kafka_topic', block)))
        mesh.topics.set(name, { stack, partitions: v.partitions, config: v.config ?? {} });
    }
    for (const [key, v] of Object.entries<any>(blockEntries(tf, 'kafka_acl', 'allow'))) {
      const text = `${v.acl_principal} * Allow ${v.acl_operation} ${v.resource_type}:${v.resource_name}${v.resource_pattern_type_filter === 'Prefixed' ? '*' : ''}`;
      mesh.acls.set(text, { stack, key });
    }
    const levels = blockEntries<{ body: string }>(tf, 'restapi_object', 'subject_compatibility');
    for (const block of ['subject', 'subject_unprotected', 'subject_referencing', 'subject_unprotected_referencing']) {
      for (const [subject, v] of Object.entries<any>(blockEntries(tf, 'restapi_object', block))) {
        const level = levels[subject] ? JSON.parse(levels[subject].body).compatibility : undefined;
        mesh.subjects.set(subject, { stack, body: v.body, compatibility: level });
      }
    }
    for (const v of Object.values<any>(blockEntries(tf, 'kafka_user_scram_credential', 'user'))) mesh.scram.add(v.username);
  }
  return mesh;
}

/** Compares the live cluster and registry with the declared mesh. Read-only. */
export async function diagnose(live: ClusterSnapshot, all: DeclaredMesh, c: ConnectionSettings, prefixes: string[] = []): Promise<Finding[]> {
  const out: Finding[] = [];
  // With --prefix: only topics, subjects and topic ACLs under those prefixes, on both sides.
  const inScope = (name: string) => prefixes.length === 0 || prefixes.some((p) => name.startsWith(p));
  const aclInScope = (text: string) => {
    const m = / Topic:(\S+)$/.exec(text);
    return prefixes.length === 0 || (m !== null && inScope(m[1].replace(/\*$/, '')));
  };
  const declared: DeclaredMesh = {
    topics: new Map([...all.topics].filter(([name]) => inScope(name))),
    acls: new Map([...all.acls].filter(([text]) => aclInScope(text))),
    subjects: new Map([...all.subjects].filter(([subject]) => inScope(subject))),
    scram: all.scram,
  };
  live = { ...live, acls: live.acls.filter((a) => aclInScope(aclText(a))) };
  const liveTopics = new Map(live.topics.map((t) => [t.name, t]));
  for (const t of live.topics)
    if (!declared.topics.has(t.name))
      out.push({ kind: 'unmanaged', check: 'unmanaged-topic', object: t.name, detail: 'on the cluster, not declared by the mesh' });
  for (const [name, d] of declared.topics) {
    const t = liveTopics.get(name);
    if (!t) {
      out.push({ kind: 'drift', check: 'missing-topic', object: name, detail: `declared in stack ${d.stack}, not on the cluster` });
      continue;
    }
    if (t.partitions !== d.partitions)
      out.push({ kind: 'drift', check: 'config-drift', object: name, detail: `partitions: declared ${d.partitions}, cluster has ${t.partitions}` });
    for (const key of [...new Set([...Object.keys(d.config), ...Object.keys(t.config)])].sort()) {
      if (d.config[key] !== t.config[key])
        out.push({
          kind: 'drift',
          check: 'config-drift',
          object: name,
          detail: `${key}: declared ${d.config[key] ?? '(broker default)'}, cluster has ${t.config[key] ?? '(broker default)'}`,
        });
    }
  }
  const meshPrincipals = new Set([...all.acls.keys()].map((k) => k.split(' ')[0]));
  const liveAcls = new Set(live.acls.map(aclText));
  // What the broker implies from a declared ACL grants nothing more: Describe beside Read or Write,
  // IdempotentWrite beside a topic Write (Kafka 3.0 and later). The mesh no longer writes those.
  const declaredLive = live.acls.filter((x) => declared.acls.has(aclText(x)));
  const implied = (x: AclSpec) =>
    x.operation === 'IdempotentWrite'
      ? declaredLive.some((d) => d.principal === x.principal && d.operation === 'Write' && d.resourceType === 'Topic')
      : impliedBy(x, declaredLive) !== undefined;
  for (const a of live.acls) {
    const text = aclText(a);
    if (declared.acls.has(text) || implied(a)) continue;
    if (meshPrincipals.has(a.principal))
      out.push({ kind: 'drift', check: 'excess-acl', object: text, detail: `grants ${a.principal} more than the mesh declares` });
    else
      out.push({
        kind: 'unmanaged',
        check: 'unmanaged-acl',
        object: text,
        detail: 'on the cluster, for a principal the mesh does not grant anything',
      });
  }
  for (const [text, d] of declared.acls)
    if (!liveAcls.has(text))
      out.push({ kind: 'drift', check: 'missing-acl', object: d.key, detail: `declared in stack ${d.stack}, not on the cluster` });
  const scramUsers = new Set(live.scramUsers.map((u) => u.user));
  for (const p of [...meshPrincipals].sort()) {
    const user = p.replace(/^User:/, '');
    if (!scramUsers.has(user) && !declared.scram.has(user))
      out.push({
        kind: 'drift',
        check: 'principal-without-credentials',
        object: p,
        detail: 'has grants, but no SCRAM credentials on the cluster nor in the mesh (fine if it logs in otherwise: mTLS, OAuth)',
      });
  }
  if (c.registry) {
    const liveSubjects = new Map(live.subjects.map((s) => [s.subject, s]));
    for (const s of live.subjects)
      if (!declared.subjects.has(s.subject))
        out.push({
          kind: 'unmanaged',
          check: 'unmanaged-subject',
          object: s.subject,
          detail: `${s.versions.length} version(s) on the registry, not declared by the mesh`,
        });
    for (const [subject, d] of declared.subjects) {
      const s = liveSubjects.get(subject);
      if (!s || s.versions.length === 0) {
        out.push({ kind: 'drift', check: 'missing-subject', object: subject, detail: `declared in stack ${d.stack}, not on the registry` });
        continue;
      }
      const lookup = await registryRequest(c.registry!, `/subjects/${encodeURIComponent(subject)}`, { method: 'POST', body: d.body });
      const latest = s.versions[s.versions.length - 1];
      if (lookup.status !== 200)
        out.push({
          kind: 'drift',
          check: 'missing-subject',
          object: subject,
          detail: `the declared schema is not registered under it (lookup answered ${lookup.status}); latest is version ${latest.version}, id ${latest.id}`,
        });
      else if (lookup.body.id !== latest.id)
        out.push({
          kind: 'drift',
          check: 'subject-outside-mesh',
          object: subject,
          detail: `latest version ${latest.version} (id ${latest.id}) is not the declared schema (version ${lookup.body.version}, id ${lookup.body.id}): registered outside the mesh`,
        });
      const level = s.compatibility ?? live.globalCompatibility;
      if (d.compatibility && level !== d.compatibility)
        out.push({
          kind: 'drift',
          check: 'compatibility-drift',
          object: subject,
          detail: `compatibility: declared ${d.compatibility}, registry has ${level ?? '(none)'}${s.compatibility ? '' : ' (global)'}`,
        });
    }
  }
  return out;
}

export function renderFindings(findings: Finding[]): string {
  if (findings.length === 0) return 'kafka-mesh doctor: the cluster matches the mesh: nothing unmanaged, no drift.\n';
  const lines = [
    `kafka-mesh doctor: ${findings.filter((f) => f.kind === 'drift').length} drift, ${findings.filter((f) => f.kind === 'unmanaged').length} unmanaged`,
  ];
  for (const kind of ['drift', 'unmanaged'] as const) {
    const list = findings.filter((f) => f.kind === kind);
    if (!list.length) continue;
    lines.push('', kind === 'drift' ? 'Drift (the cluster differs from what the mesh declares):' : 'Unmanaged (on the cluster, not in the mesh):');
    for (const f of list) lines.push(`  ${f.check.padEnd(30)} ${f.object}: ${f.detail}`);
  }
  return `${lines.join('\n')}\n`;
}
