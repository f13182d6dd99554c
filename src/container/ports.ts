// Published ports of a container: where they are recorded, the PORTS column of ps and the lines of `port`.
import type { PortMappingReport } from '../engine/containers.ts';
import type { ContainerRecord } from './records.ts';

/** The container's published ports (`-p`, `-P`), as create recorded them in its config; [] when none. */
export function containerPorts(r: ContainerRecord): PortMappingReport[] {
  const cfg = r.config as unknown as { ports?: PortMappingReport[]; portMappings?: PortMappingReport[] };
  return cfg.ports ?? cfg.portMappings ?? [];
}

/** Podman 4.3 prints an IPv6 host IP bare ("::1:8080->80/tcp"), not in brackets. */
const hostIp = (ip: string) => ip || '0.0.0.0';

/** ps's PORTS column: "0.0.0.0:8080->80/tcp, 127.0.0.1:9000-9001->90-91/udp". */
export function formatPorts(ports: readonly PortMappingReport[]): string {
  return ports
    .map((p) => {
      const n = Math.max(1, p.range || 1);
      const span = (s: number) => (n > 1 ? `${s}-${s + n - 1}` : `${s}`);
      return `${hostIp(p.host_ip)}:${span(p.host_port)}->${span(p.container_port)}/${p.protocol || 'tcp'}`;
    })
    .join(', ');
}

/** `port` lines: one per port of each mapping ("80/tcp -> 0.0.0.0:8080"), optionally only for one container port. */
export function portLines(ports: readonly PortMappingReport[], only?: { port: number; protocol: string }): string[] {
  const out: string[] = [];
  for (const p of ports) {
    for (let i = 0; i < Math.max(1, p.range || 1); i++) {
      const proto = p.protocol || 'tcp';
      if (only && (only.port !== p.container_port + i || only.protocol !== proto)) continue;
      out.push(only ? `${hostIp(p.host_ip)}:${p.host_port + i}` : `${p.container_port + i}/${proto} -> ${hostIp(p.host_ip)}:${p.host_port + i}`);
    }
  }
  return out;
}
