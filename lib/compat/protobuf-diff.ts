/**
 * Protobuf compatibility by Confluent's rules: the schema registry diffs the two files (by
 * message name, then by field number) and fails on any difference outside its list of compatible
 * changes. BACKWARD diffs old -> new; FORWARD diffs new -> old, so a rule name such as
 * MESSAGE_REMOVED can stand for a message *added* by the candidate when checking FORWARD; the
 * message text always tells the change as the author made it.
 *
 * Only incompatible differences are recorded. Compatible ones (FIELD_ADDED, FIELD_REMOVED,
 * FIELD_NAME_CHANGED, enum changes, MESSAGE_ADDED, ONEOF_ADDED/REMOVED, ONEOF_FIELD_ADDED,
 * string/bytes label changes, moves of one field into a new oneof or out of a oneof) produce none.
 */
import { joinPath } from './text';
import { CompatibilityDirection, Finding, FormatChecker } from './types';
import { canonicalProto, parseProto, ParsedProto, ProtoDecl, ProtoField, ProtoLabel, ProtoMessage, resolveTypeName, SCALAR_TYPES } from './protobuf';

type Kind = 'SCALAR' | 'MESSAGE' | 'MAP';

/** Wire-compatible groups of scalar types; enums count as general numbers. */
const SCALAR_GROUPS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    int32: 'GENERAL_NUMBER',
    int64: 'GENERAL_NUMBER',
    uint32: 'GENERAL_NUMBER',
    uint64: 'GENERAL_NUMBER',
    bool: 'GENERAL_NUMBER',
    sint32: 'SIGNED_NUMBER',
    sint64: 'SIGNED_NUMBER',
    string: 'STRING_OR_BYTES',
    bytes: 'STRING_OR_BYTES',
    fixed32: 'FIXED32',
    sfixed32: 'FIXED32',
    fixed64: 'FIXED64',
    sfixed64: 'FIXED64',
    float: 'FLOAT',
    double: 'DOUBLE',
  }),
);

/** A field's type: a named or scalar type, or a map of two of them. */
type TypeRef = { readonly name: string } | { readonly key: string; readonly value: string };

function typeRefOf(f: ProtoField): TypeRef {
  return f.mapKey !== undefined ? { key: f.mapKey, value: f.type } : { name: f.type };
}

function showType(t: TypeRef): string {
  return 'key' in t ? `map<${t.key}, ${t.value}>` : t.name;
}

/** One side of the diff: the parsed file and how to resolve names in it. */
class Side {
  constructor(readonly parsed: ParsedProto) {}

  resolve(name: string, scope: string): string | null {
    return resolveTypeName(this.parsed.index, name, scope);
  }

  kind(t: TypeRef, scope: string): Kind {
    if ('key' in t) return 'MAP';
    if (SCALAR_TYPES.has(t.name)) return 'SCALAR';
    const full = this.resolve(t.name, scope);
    const info = full === null ? undefined : this.parsed.index.get(full);
    return info?.decl.kind === 'enum' ? 'SCALAR' : 'MESSAGE';
  }

  /** The wire group of a scalar type; anything else of scalar kind is an enum. */
  static scalarGroup(name: string): string {
    return SCALAR_GROUPS.get(name) ?? 'GENERAL_NUMBER';
  }
}

class ProtoDiff {
  readonly findings: Finding[] = [];

  constructor(
    private readonly orig: Side,
    private readonly upd: Side,
    private readonly direction: CompatibilityDirection,
    private readonly inProgress: Set<ProtoMessage> = new Set(),
  ) {}

  /** [old, new] from [original, update]: BACKWARD diffs old -> new, FORWARD new -> old. */
  private oldNew<T>(o: T, u: T): [T, T] {
    return this.direction === 'BACKWARD' ? [o, u] : [u, o];
  }

  /** true when the author's change is an addition, for a rule named from original -> update. */
  private added(ruleSaysRemoved: boolean): boolean {
    return ruleSaysRemoved === (this.direction === 'FORWARD');
  }

  private add(path: string, rule: string, what: string): void {
    this.findings.push({ path, rule, what });
  }

  compareFiles(): void {
    const o = this.orig.parsed;
    const u = this.upd.parsed;
    if (o.packageName !== u.packageName) {
      const [before, after] = this.oldNew(o.packageName, u.packageName);
      this.add('', 'PACKAGE_CHANGED', `package changed from \`${before || '(none)'}\` to \`${after || '(none)'}\``);
    }
    this.compareDecls(o.types, u.types, o.packageName, u.packageName, '');
  }

  private compareDecls(origDecls: readonly ProtoDecl[], updDecls: readonly ProtoDecl[], oScope: string, uScope: string, path: string): void {
    const messages = (decls: readonly ProtoDecl[]) => new Map(decls.filter((d): d is ProtoMessage => d.kind === 'message').map((d) => [d.name, d]));
    const o = messages(origDecls);
    const u = messages(updDecls);
    const names = [...new Set([...o.keys(), ...u.keys()])].sort();
    for (const name of names) {
      const om = o.get(name);
      const um = u.get(name);
      const msgPath = joinPath(path, name);
      if (om && !um) {
        const what = this.added(true)
          ? `message \`${msgPath}\` was added, and the old version does not have it`
          : `message \`${msgPath}\` was removed`;
        this.add(msgPath, 'MESSAGE_REMOVED', what);
      } else if (om && um) {
        this.compareMessage(om, um, joinPath(oScope, name), joinPath(uScope, name), msgPath);
      }
    }
  }

  compareMessage(o: ProtoMessage, u: ProtoMessage, oScope: string, uScope: string, path: string): void {
    if (!this.inProgress.has(o)) {
      this.inProgress.add(o);
      this.compareFields(o, u, oScope, uScope, path);
      this.inProgress.delete(o);
    }
    this.compareDecls(o.nested, u.nested, oScope, uScope, path);
  }

  private compareFields(o: ProtoMessage, u: ProtoMessage, oScope: string, uScope: string, path: string): void {
    const oBy = new Map(o.fields.map((f) => [f.number, f]));
    const uBy = new Map(u.fields.map((f) => [f.number, f]));

    // A oneof that disappears with all its members is simply gone: no per-member removals.
    const vanishedOneofs = new Set(
      o.oneofs.filter((name) => !u.oneofs.includes(name) && !o.fields.some((f) => f.oneof === name && uBy.has(f.number))),
    );

    for (const oneof of u.oneofs) {
      const origins = new Set<string>();
      let topLevelMovedIn = 0;
      for (const f of u.fields.filter((x) => x.oneof === oneof)) {
        const before = oBy.get(f.number);
        if (!before) continue;
        if (before.oneof !== null) {
          origins.add(`oneof:${before.oneof}`);
        } else {
          origins.add(`field:${f.number}`);
          topLevelMovedIn++;
        }
      }
      if (origins.size > 1) {
        this.oneofRegrouped(joinPath(path, oneof), topLevelMovedIn > 1);
      }
    }

    const numbers = [...new Set([...oBy.keys(), ...uBy.keys()])].sort((a, b) => a - b);
    for (const n of numbers) {
      const of = oBy.get(n);
      const uf = uBy.get(n);
      const [oldF, newF] = this.oldNew(of, uf);
      const fieldPath = joinPath(path, (newF ?? oldF ?? of ?? uf)?.name ?? String(n));
      if (of && !uf) {
        if (of.oneof !== null) {
          if (!vanishedOneofs.has(of.oneof)) {
            const what = this.added(true)
              ? `field \`${fieldPath}\` (#${n}) was added to oneof \`${of.oneof}\`, which old readers do not know`
              : `field \`${fieldPath}\` (#${n}) was removed from oneof \`${of.oneof}\``;
            this.add(fieldPath, 'ONEOF_FIELD_REMOVED', what);
          }
        } else if (of.label === 'required') {
          this.add(fieldPath, 'REQUIRED_FIELD_REMOVED', `required field \`${fieldPath}\` (#${n}) was ${this.added(true) ? 'added' : 'removed'}`);
        }
      } else if (!of && uf) {
        if (uf.oneof === null && uf.label === 'required') {
          this.add(fieldPath, 'REQUIRED_FIELD_ADDED', `required field \`${fieldPath}\` (#${n}) was ${this.added(false) ? 'added' : 'removed'}`);
        }
      } else if (of && uf) {
        this.compareLabelsAndTypes(of.label, uf.label, typeRefOf(of), typeRefOf(uf), oScope, uScope, fieldPath, n);
      }
    }
  }

  private oneofRegrouped(path: string, several: boolean): void {
    if (several) {
      const what =
        this.direction === 'BACKWARD'
          ? `several existing fields were moved into oneof \`${path}\``
          : `several fields of oneof \`${path}\` were moved out of it, but old readers still treat them as exclusive`;
      this.add(path, 'MULTIPLE_FIELDS_MOVED_TO_ONEOF', what);
    } else {
      const what =
        this.direction === 'BACKWARD'
          ? `oneof \`${path}\` now groups fields that were not exclusive with one another before`
          : `fields that oneof \`${path}\` groups in the old version are no longer grouped that way`;
      this.add(path, 'FIELD_MOVED_TO_EXISTING_ONEOF', what);
    }
  }

  private compareLabelsAndTypes(
    oLabel: ProtoLabel,
    uLabel: ProtoLabel,
    oType: TypeRef,
    uType: TypeRef,
    oScope: string,
    uScope: string,
    path: string,
    n: number,
  ): void {
    const ok = this.orig.kind(oType, oScope);
    const uk = this.upd.kind(uType, uScope);
    const [before, after] = this.oldNew(oType, uType);
    if (ok !== uk) {
      const [bk, ak] = this.oldNew(ok, uk);
      this.add(
        path,
        'FIELD_KIND_CHANGED',
        `field \`${path}\` (#${n}) changed from ${bk.toLowerCase()} \`${showType(before)}\` to ${ak.toLowerCase()} \`${showType(after)}\``,
      );
      return;
    }
    if ('key' in oType && 'key' in uType) {
      this.compareLabelsAndTypes(null, null, { name: oType.key }, { name: uType.key }, oScope, uScope, path, n);
      this.compareLabelsAndTypes(null, null, { name: oType.value }, { name: uType.value }, oScope, uScope, path, n);
      return;
    }
    if ('key' in oType || 'key' in uType) return;
    if (ok === 'SCALAR') {
      const og = Side.scalarGroup(oType.name);
      const ug = Side.scalarGroup(uType.name);
      if (og !== ug) {
        this.add(
          path,
          'FIELD_SCALAR_KIND_CHANGED',
          `type of field \`${path}\` (#${n}) changed from \`${showType(before)}\` to \`${showType(after)}\`, which are not wire-compatible`,
        );
      } else if (oLabel !== null && uLabel !== null && oLabel !== uLabel && og !== 'STRING_OR_BYTES') {
        const [bl, al] = this.oldNew(oLabel, uLabel);
        this.add(path, 'FIELD_NUMERIC_LABEL_CHANGED', `label of numeric field \`${path}\` (#${n}) changed from ${bl} to ${al}`);
      }
      return;
    }
    this.compareMessageTypes(oType.name, uType.name, oScope, uScope, path, n);
  }

  private compareMessageTypes(oName: string, uName: string, oScope: string, uScope: string, path: string, n: number): void {
    const [before, after] = this.oldNew(oName, uName);
    const changed = `message type of field \`${path}\` (#${n}) changed from \`${before}\` to \`${after}\``;
    const oFull = this.orig.resolve(oName, oScope);
    const uFull = this.upd.resolve(uName, uScope);
    if (oFull === null || uFull === null) {
      if (oName !== uName) this.add(path, 'FIELD_NAMED_TYPE_CHANGED', changed);
      return;
    }
    const oInfo = this.orig.parsed.index.get(oFull);
    const uInfo = this.upd.parsed.index.get(uFull);
    if (!oInfo || !uInfo) return;
    const local = (full: string, pkg: string) => (pkg && full.startsWith(`${pkg}.`) ? full.slice(pkg.length + 1) : full);
    const oLocal = local(oFull, oInfo.packageName);
    const uLocal = local(uFull, uInfo.packageName);
    if (oLocal !== uLocal) {
      this.add(path, 'FIELD_NAMED_TYPE_CHANGED', changed);
      return;
    }
    // Types of the schema itself are compared by name elsewhere; imported ones are compared here
    // unless both sides import the very same file.
    const sameOrigin = oInfo.ref === uInfo.ref && oInfo.refText === uInfo.refText;
    if (sameOrigin || oInfo.decl.kind !== 'message' || uInfo.decl.kind !== 'message') return;
    const sub = new ProtoDiff(this.orig, this.upd, this.direction, this.inProgress);
    sub.compareMessage(oInfo.decl, uInfo.decl, oFull, uFull, oLocal);
    if (sub.findings.length > 0) {
      this.findings.push(...sub.findings);
      this.add(path, 'FIELD_NAMED_TYPE_CHANGED', `imported message type \`${oLocal}\` of field \`${path}\` (#${n}) changed incompatibly`);
    }
  }
}

export const protobufChecker: FormatChecker<ParsedProto> = {
  parse: parseProto,
  canonical: canonicalProto,
  compare(previous: ParsedProto, candidate: ParsedProto, direction: CompatibilityDirection): Finding[] {
    const [original, update] = direction === 'BACKWARD' ? [previous, candidate] : [candidate, previous];
    const diff = new ProtoDiff(new Side(original), new Side(update), direction);
    diff.compareFiles();
    return diff.findings;
  },
};
