// policy.json: parsing (strict, like containers/image), scope lookup per transport, and evaluation of requirements.
import { readFileSync } from 'node:fs';
import { BerthError } from '../util/errors.ts';
import { policyFile, type PathContext } from './paths.ts';

export type RequirementType = 'insecureAcceptAnything' | 'reject' | 'signedBy' | 'sigstoreSigned' | 'signedBaseLayer';

export interface PolicyRequirement {
  type: RequirementType;
  /** The requirement's other fields, kept for when signature checks are implemented. */
  fields: Record<string, unknown>;
}

export interface Policy {
  file: string;
  default: PolicyRequirement[];
  /** transport name → scope ('' is the transport's default) → requirements. */
  transports: Record<string, Record<string, PolicyRequirement[]>>;
}

const TYPES: RequirementType[] = ['insecureAcceptAnything', 'reject', 'signedBy', 'sigstoreSigned', 'signedBaseLayer'];
const SIGNATURE_TYPES = new Set<RequirementType>(['signedBy', 'sigstoreSigned', 'signedBaseLayer']);

class Invalid extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function requirements(v: unknown): PolicyRequirement[] {
  if (!Array.isArray(v)) throw new Invalid('List of verification policy requirements must be an array');
  if (v.length === 0) throw new Invalid('List of verification policy requirements must not be empty');
  return v.map((r) => {
    if (!isObject(r)) throw new Invalid('Policy requirement must be an object');
    const type = r.type;
    if (typeof type !== 'string') throw new Invalid('Policy requirement type is missing');
    if (!(TYPES as string[]).includes(type)) throw new Invalid(`Unknown policy requirement type "${type}"`);
    const fields = { ...r };
    delete fields.type;
    // The two trivial requirements take no parameters; containers/image rejects any.
    if (!SIGNATURE_TYPES.has(type as RequirementType)) {
      const extra = Object.keys(fields)[0];
      if (extra !== undefined) throw new Invalid(`Unknown key "${extra}"`);
    }
    return { type: type as RequirementType, fields };
  });
}

/** Parses policy.json text. Errors read `invalid policy in "<file>": <what>`, as Podman prints them. */
export function parsePolicy(text: string, file: string): Policy {
  const fail = (msg: string) => new BerthError('invalid-argument', `invalid policy in "${file}": ${msg}`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw fail((e as Error).message);
  }
  try {
    if (!isObject(raw)) throw new Invalid('policy must be a JSON object');
    for (const k of Object.keys(raw)) if (k !== 'default' && k !== 'transports') throw new Invalid(`Unknown key "${k}"`);
    if (raw.default === undefined) throw new Invalid('Default policy is missing');
    const policy: Policy = { file, default: requirements(raw.default), transports: {} };
    if (raw.transports !== undefined) {
      if (!isObject(raw.transports)) throw new Invalid('"transports" must be an object');
      for (const [transport, scopes] of Object.entries(raw.transports)) {
        if (!isObject(scopes)) throw new Invalid(`scopes of transport "${transport}" must be an object`);
        const out: Record<string, PolicyRequirement[]> = {};
        for (const [scope, reqs] of Object.entries(scopes)) out[scope] = requirements(reqs);
        policy.transports[transport] = out;
      }
    }
    return policy;
  } catch (e) {
    if (e instanceof Invalid) throw fail(e.message);
    throw e;
  }
}

/** Reads policy.json from its search path ($HOME/.config/containers first) or an explicit file (--signature-policy). */
export function loadPolicy(ctx: PathContext, explicit?: string): Policy {
  const file = explicit ?? policyFile(ctx);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file or directory' : (e as Error).message;
    throw new BerthError('invalid-argument', `open ${file}: ${why}`);
  }
  return parsePolicy(text, file);
}

/**
 * The scopes that may match a docker-style reference, most specific first (containers/image's order):
 * the full reference, the repository, each parent namespace up to the registry, then `*.` wildcard domains.
 */
export function dockerScopes(identity: string): string[] {
  const name = identity.replace(/@.*$/, '').replace(/:[^/:]*$/, '');
  const out = identity === name ? [] : [identity];
  let n = name;
  for (;;) {
    out.push(n);
    const slash = n.lastIndexOf('/');
    if (slash === -1) break;
    n = n.slice(0, slash);
  }
  // The host part without a port, then each parent domain: a.b.example.com → *.b.example.com, *.example.com, *.com
  let host = n.startsWith('[') ? '' : n.replace(/:.*$/, '');
  for (let dot = host.indexOf('.'); dot !== -1; dot = host.indexOf('.')) {
    host = host.slice(dot + 1);
    out.push(`*.${host}`);
  }
  return out;
}

/** Scopes for path-like transports (dir, oci, docker-archive...): the path, then its parent directories. */
function pathScopes(scope: string): string[] {
  const out = [scope];
  let p = scope.replace(/:.*$/, '');
  if (p !== scope) out.push(p);
  for (let slash = p.lastIndexOf('/'); slash > 0; slash = p.lastIndexOf('/')) {
    p = p.slice(0, slash);
    out.push(p);
  }
  return out;
}

const DOCKER_LIKE = new Set(['docker', 'atomic', 'docker-daemon']);

/** The requirements that apply: the most specific scope of the transport, its default (''), else the global default. */
export function requirementsFor(policy: Policy, transport: string, scope: string): { scope: string | undefined; requirements: PolicyRequirement[] } {
  const scopes = policy.transports[transport];
  if (scopes) {
    const candidates = DOCKER_LIKE.has(transport) ? dockerScopes(scope) : pathScopes(scope);
    for (const c of candidates) {
      const reqs = scopes[c];
      if (reqs) return { scope: c, requirements: reqs };
    }
    if (scopes['']) return { scope: '', requirements: scopes[''] };
  }
  return { scope: undefined, requirements: policy.default };
}

/**
 * Decides whether an image may be used. Every requirement must accept. Signature requirements (signedBy,
 * sigstoreSigned) are refused with a message naming them rather than passing silently.
 * `scope` is the reference as the transport names it, e.g. `docker.io/library/busybox:latest`.
 */
export function evaluatePolicy(policy: Policy, transport: string, scope: string): void {
  const { requirements } = requirementsFor(policy, transport, scope);
  const image = `${transport}://${scope}`;
  for (const r of requirements) {
    if (r.type === 'insecureAcceptAnything') continue;
    if (r.type === 'reject') {
      throw new BerthError('unauthorized', `Source image rejected: Running image ${image} is rejected by policy.`);
    }
    throw new BerthError(
      'unauthorized',
      `Source image rejected: policy requirement "${r.type}" for ${image} (from ${policy.file}) is not supported by Berth yet`,
      { hint: `use "insecureAcceptAnything" for this scope in ${policy.file} or pull with a tool that verifies signatures` },
    );
  }
}
