// Test helper: starts Debian's docker-registry (CNCF distribution) on a free 127.0.0.1 port with storage in a temp dir,
// optionally with TLS from a throwaway CA (IP SAN 127.0.0.1) and htpasswd (bcrypt) auth; stops it by PID.
import { copyFile, mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { run, start } from '../../src/sys/exec.ts';

export interface RegistryOptions {
  /** Serve HTTPS with a certificate from a fresh test CA. */
  tls?: boolean;
  /** Require these credentials (htpasswd; docker-registry only allows it over TLS). */
  htpasswd?: { username: string; password: string };
}

export interface TestRegistry {
  /** `127.0.0.1:PORT` */
  host: string;
  port: number;
  dir: string;
  /** The test CA certificate (TLS only). */
  caFile?: string;
  /** A certs.d-style directory holding `ca.crt` (TLS only). */
  certDir?: string;
  stop(): Promise<void>;
}

const BINARY = '/usr/bin/docker-registry';

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = connect(port, '127.0.0.1');
    c.once('connect', () => {
      c.destroy();
      resolve(true);
    });
    c.once('error', () => resolve(false));
  });
}

/** Creates a CA and a server certificate for 127.0.0.1 with openssl. */
export async function makeTestCA(dir: string): Promise<{ caFile: string; certFile: string; keyFile: string }> {
  const p = (n: string) => join(dir, n);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run('openssl', ['req', '-x509', ...ec, '-keyout', p('ca.key'), '-out', p('ca.crt'), '-days', '2', '-subj', '/CN=berth test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  await run('openssl', ['req', ...ec, '-keyout', p('server.key'), '-out', p('server.csr'), '-subj', '/CN=127.0.0.1']);
  await writeFile(p('server.ext'), 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nkeyUsage=digitalSignature\n');
  await run('openssl', ['x509', '-req', '-in', p('server.csr'), '-CA', p('ca.crt'), '-CAkey', p('ca.key'), '-CAcreateserial',
    '-out', p('server.crt'), '-days', '2', '-extfile', p('server.ext')]);
  return { caFile: p('ca.crt'), certFile: p('server.crt'), keyFile: p('server.key') };
}

function configYaml(o: { port: number; data: string; tls?: { cert: string; key: string }; htpasswd?: string }): string {
  const lines = [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${o.data}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${o.port}`,
  ];
  if (o.tls) lines.push('  tls:', `    certificate: ${o.tls.cert}`, `    key: ${o.tls.key}`);
  if (o.htpasswd) lines.push('auth:', '  htpasswd:', '    realm: berth-test', `    path: ${o.htpasswd}`);
  return lines.join('\n') + '\n';
}

async function waitReady(child: ChildProcess, port: number, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`docker-registry exited: ${stderr().trim()}`);
    if (await canConnect(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`docker-registry did not listen on 127.0.0.1:${port} within 15s: ${stderr().trim()}`);
}

/** Starts a registry; call `stop()` in `after()`. */
export async function startRegistry(opts: RegistryOptions = {}): Promise<TestRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-registry-'));
  try {
    const data = join(dir, 'data');
    await mkdir(data);
    let tls: { cert: string; key: string } | undefined;
    let caFile: string | undefined;
    let certDir: string | undefined;
    if (opts.tls || opts.htpasswd) {
      const ca = await makeTestCA(dir);
      tls = { cert: ca.certFile, key: ca.keyFile };
      caFile = ca.caFile;
      certDir = join(dir, 'certs.d');
      await mkdir(certDir);
      await copyFile(ca.caFile, join(certDir, 'ca.crt'));
    }
    let htpasswd: string | undefined;
    if (opts.htpasswd) {
      const r = await run('htpasswd', ['-Bbn', opts.htpasswd.username, opts.htpasswd.password]);
      htpasswd = join(dir, 'htpasswd');
      await writeFile(htpasswd, r.stdout);
    }
    for (let tries = 0; tries < 10; tries++) {
      const port = 20000 + Math.floor(Math.random() * 20000);
      if (!(await portIsFree(port))) continue;
      const config = join(dir, 'config.yml');
      await writeFile(config, configYaml({ port, data, tls, htpasswd }));
      const child = start(BINARY, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr!.on('data', (b: Buffer) => (err = (err + b.toString()).slice(-4000)));
      try {
        await waitReady(child, port, () => err);
      } catch (e) {
        if (child.exitCode === null) child.kill('SIGKILL');
        if (/address already in use/.test(err)) continue;
        throw e;
      }
      const stop = async () => {
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise((r) => child.once('exit', r));
          process.kill(child.pid!, 'SIGTERM');
          await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
          if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGKILL');
        }
        await rm(dir, { recursive: true, force: true });
      };
      const reg: TestRegistry = { host: `127.0.0.1:${port}`, port, dir, stop };
      if (caFile) reg.caFile = caFile;
      if (certDir) reg.certDir = certDir;
      return reg;
    }
    throw new Error('no free port for docker-registry after 10 tries');
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}
