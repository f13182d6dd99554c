// Container dependencies, the pure part: which containers create options depend on, and walk orders over the graph.
import type { ContainerCreateOptions } from '../engine/containers.ts';

/** A namespace a container can share with another (`--network/--pid/--ipc/--uts container:X`). */
export type SharedNs = 'net' | 'pid' | 'ipc' | 'uts';

/** What create options ask to depend on: container references as typed (names, IDs or ID prefixes). */
export interface DependencyRefs {
  /** namespace → the container whose namespace is joined. */
  namespaces: Partial<Record<SharedNs, string>>;
  /** `--requires` containers, in order, without duplicates. */
  requires: string[];
}

/** `container:X` → X; '' for `container:` alone; undefined for any other mode. */
export function containerRef(mode: string | undefined): string | undefined {
  return mode?.startsWith('container:') ? mode.slice('container:'.length) : undefined;
}

/** The containers `o` depends on: namespace sharing (`container:X` modes) and `--requires` (comma lists, blanks skipped). */
export function dependencyRefs(o: Pick<ContainerCreateOptions, 'network' | 'networks' | 'pid' | 'ipc' | 'uts' | 'requires'>): DependencyRefs {
  const namespaces: DependencyRefs['namespaces'] = {};
  const net = containerRef(o.networks?.[0] ?? o.network);
  if (net !== undefined) namespaces.net = net;
  for (const k of ['pid', 'ipc', 'uts'] as const) {
    const ref = containerRef(o[k]);
    if (ref !== undefined) namespaces[k] = ref;
  }
  const requires: string[] = [];
  for (const r of (o.requires ?? []).flatMap((v) => v.split(',')).map((v) => v.trim())) {
    if (r && !requires.includes(r)) requires.push(r);
  }
  return { namespaces, requires };
}

/**
 * Post-order walk from `roots` along `next`: every container comes after all it reaches, each exactly once, cycles cut.
 * Along "dependents of" it is rm --depend's order (dependents first, the root last); along "dependencies of" it is
 * start's order (dependencies first, the container itself last).
 */
export function walkOrder(roots: readonly string[], next: (id: string) => readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    for (const n of next(id)) visit(n);
    out.push(id);
  };
  for (const r of roots) visit(r);
  return out;
}
