/**
 * Credentials embedded in values: `user:password@` in a URL and `password=...`-style parameters
 * in a query or connection string. Every construct's props pass through {@link embeddedSecrets}
 * (from `validateProps`), so a credential is refused where it is written, before it can reach
 * `cdk.tf.json`, the plan or the catalog; error messages show values through {@link maskSecrets}.
 */

/** What replaces a secret in messages. */
export const MASK = '****';

/**
 * Parameter names that hold a credential: ending in a credential word (`password`,
 * `sslpassword`, `client_secret`, `access_token`, `AccountKey`, `SharedAccessKey`, `Pwd`), or
 * exactly `pass` or `sig` (a SAS signature). Names that only end elsewhere (`password.file`,
 * `token.endpoint`) say where a secret is, not what it is.
 */
const SECRET_KEY =
  /(password|passwd|pwd|secret|token|api[._-]?key|access[._-]?key|account[._-]?key|secret[._-]?key|private[._-]?key|credentials?|auth[._-]?key)$|^(pass|sig)$/i;

/**
 * `scheme://user:password@host`, also with nested schemes (`jdbc:postgresql://`) and without a
 * user (`redis://:password@host`). The userinfo ends at the last `@` before the path. A scheme
 * is at most 32 characters and 5 parts: unbounded, the pattern was tried at every letter of a
 * long word and read to its end each time, time growing with the square of the text (a 2 MB
 * description took minutes); a longer scheme still has its userinfo found, from a later start.
 */
const URL_USERINFO = /([a-z][a-z0-9+.-]{0,31}(?::[a-z][a-z0-9+.-]{0,31}){0,4}:\/\/)([^/?#\s@]*(?:@[^/?#\s@]*)*)@(?=[^/?#\s@]*[a-z0-9\]])/gi;
/** `user:password@host:port` without a scheme (a broker address, a JDBC host part). */
const BARE_USERINFO = /(^|[\s,;(])([^\s/:@,;()'"]+):([^\s/@,;()'"]+)@([a-z0-9.-]+:\d{1,5})/gi;
/** Oracle's `jdbc:oracle:thin:user/password@host`. */
const ORACLE_USERINFO = /(jdbc:oracle:[a-z0-9]+:)([^/@\s:]+)\/([^@\s]+)@/gi;
/** `key=value` in a query string, a JDBC/ODBC/ADO connection string or a JAAS line: `?password=x`, `;Password=x;`, `password="x"`. */
const KEY_VALUE = /(^|[?&;:,\s(])([A-Za-z][A-Za-z0-9_.-]*)(\s*=\s*)("[^"]*"|'[^']*'|[^&;,\s)]*)/g;
/** `"password": "x"` in JSON written into a string. */
const JSON_PAIR = /("([A-Za-z][A-Za-z0-9_.-]*)"\s*:\s*)"([^"]*)"/g;

/** A credential found in a value. */
export interface EmbeddedSecret {
  /** `url-userinfo` (`user:password@` in a URL) or `parameter` (`password=...`). */
  readonly kind: 'url-userinfo' | 'parameter';
  /** The parameter's name, for `parameter`. */
  readonly key?: string;
}

/** Whether a value is a reference resolved elsewhere (`${var.x}`, a token, a Connect config provider), not a secret. */
const isReference = (v: string): boolean => v.trim() === '' || /^\$\{[^}]*\}$/.test(v.trim()) || v.trim() === MASK;

const isSecretKey = (key: string): boolean => SECRET_KEY.test(key);

/** The credentials embedded in `text`, in order. */
export function findSecrets(text: string): EmbeddedSecret[] {
  const found: EmbeddedSecret[] = [];
  scan(text, (s) => found.push(s));
  return found;
}

/** `text` with every embedded credential replaced by {@link MASK}. */
export function maskSecrets(text: string): string {
  return scan(text, () => undefined);
}

function scan(text: string, report: (s: EmbeddedSecret) => void): string {
  let out = text.replace(URL_USERINFO, (all, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    if (colon < 0) return all;
    const password = userinfo.slice(colon + 1);
    if (isReference(password)) return all;
    report({ kind: 'url-userinfo' });
    return `${scheme}${userinfo.slice(0, colon)}:${MASK}@`;
  });
  out = out.replace(BARE_USERINFO, (all, before: string, user: string, password: string, host: string) => {
    if (/^mailto$/i.test(user) || isReference(password)) return all;
    report({ kind: 'url-userinfo' });
    return `${before}${user}:${MASK}@${host}`;
  });
  out = out.replace(ORACLE_USERINFO, (all, prefix: string, user: string, password: string) => {
    if (isReference(password)) return all;
    report({ kind: 'url-userinfo' });
    return `${prefix}${user}/${MASK}@`;
  });
  out = out.replace(KEY_VALUE, (all, before: string, key: string, eq: string, value: string) => {
    if (!isSecretKey(key) || isReference(unquote(value))) return all;
    report({ kind: 'parameter', key });
    return `${before}${key}${eq}${requote(value, MASK)}`;
  });
  out = out.replace(JSON_PAIR, (all, head: string, key: string, value: string) => {
    if (!isSecretKey(key) || isReference(value)) return all;
    report({ kind: 'parameter', key });
    return `${head}"${MASK}"`;
  });
  return out;
}

function unquote(v: string): string {
  return /^(".*"|'.*')$/.test(v) ? v.slice(1, -1) : v;
}

function requote(original: string, replacement: string): string {
  const q = original[0];
  return (q === '"' || q === "'") && original.endsWith(q) && original.length > 1 ? `${q}${replacement}${q}` : replacement;
}

/** Plain data a props walk descends into: objects made with `{}` and arrays, not constructs or schemas. */
function isPlainContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  if (Array.isArray(v)) return true;
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Where, in a props object, a string holds an embedded credential. */
export interface SecretLocation {
  /** The path of keys to the string. */
  readonly at: readonly PropertyKey[];
  /** The value with the credential masked. */
  readonly masked: string;
  readonly secrets: readonly EmbeddedSecret[];
}

/** Every string in `value` (plain objects and arrays, keys included) holding an embedded credential. */
export function embeddedSecrets(value: unknown): SecretLocation[] {
  const out: SecretLocation[] = [];
  const seen = new Set<unknown>();
  const walk = (v: unknown, at: PropertyKey[]): void => {
    if (typeof v === 'string') {
      const secrets = findSecrets(v);
      if (secrets.length) out.push({ at, masked: maskSecrets(v), secrets });
      return;
    }
    if (!isPlainContainer(v) || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) v.forEach((item, i) => walk(item, [...at, i]));
    else for (const [k, item] of Object.entries(v)) walk(item, [...at, k]);
  };
  walk(value, []);
  return out;
}

/** Where a secret that is in a value should go instead, by field (see `secretFixFor` in validation). */
export type SecretFix = (field: string) => string;

/** The fix for a construct that takes no secrets at all: descriptions, names, metadata. */
export const NO_SECRETS_HERE: SecretFix = (field) =>
  `remove the credential from ${field}: it would be written in clear into cdk.tf.json, the plan and the catalog; secrets reach Terraform only through sensitive variables (TF_VAR_<name>) or the provider's environment`;

/** An error detail (a MeshErrorDetails) for one embedded credential. */
export interface SecretDetail {
  readonly path: string;
  readonly field: string;
  readonly value: string;
  readonly problem: string;
  readonly fix: string;
}

/** The error detail for one embedded credential. */
export function secretDetail(path: string, field: string, location: SecretLocation, fix: SecretFix): SecretDetail {
  const what = location.secrets.some((s) => s.kind === 'url-userinfo')
    ? 'a user and password in the URL (user:password@)'
    : `a credential parameter (${[...new Set(location.secrets.map((s) => s.key))].join(', ')}=...)`;
  return {
    path,
    field,
    value: location.masked,
    problem: `embeds ${what}, which would be written in clear into the synthesized configuration`,
    fix: fix(field),
  };
}
