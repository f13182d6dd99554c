// Unit tests for netavark's environment: which PATH it gets (pathWithout, pathForNetavark).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathForNetavark, pathWithout } from './netavark.ts';

/** A fake file system: the executables each directory holds. */
const fsWith = (tree: Record<string, string[]>) => (file: string) => {
  const cut = file.lastIndexOf('/');
  return (tree[file.slice(0, cut)] ?? []).includes(file.slice(cut + 1));
};

test('pathForNetavark puts the directory holding iptables first only when nothing netavark runs changes', () => {
  const debian = { '/usr/sbin': ['iptables', 'ip6tables'], '/usr/bin': ['systemd-run'] };
  const cases: Array<{ name: string; path: string; tree: Record<string, string[]>; want: string }> = [
    { name: 'long PATH: /usr/sbin moves to the front', path: '/root/.cargo/bin:/root/.pyenv/shims:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin', tree: debian,
      want: '/usr/sbin:/root/.cargo/bin:/root/.pyenv/shims:/usr/local/sbin:/usr/local/bin:/usr/bin' },
    { name: 'already first', path: '/usr/sbin:/usr/bin', tree: debian, want: '/usr/sbin:/usr/bin' },
    { name: 'repeated entries of that directory all move', path: '/a:/usr/sbin:/b:/usr/sbin', tree: debian, want: '/usr/sbin:/a:/b' },
    { name: 'no iptables on PATH', path: '/a:/usr/bin', tree: debian, want: '/a:/usr/bin' },
    { name: 'ip6tables found earlier elsewhere', path: '/opt/v6:/usr/sbin', tree: { ...debian, '/opt/v6': ['ip6tables'] }, want: '/opt/v6:/usr/sbin' },
    { name: 'systemd-run would change', path: '/usr/bin:/usr/sbin', tree: { ...debian, '/usr/sbin': ['iptables', 'ip6tables', 'systemd-run'] },
      want: '/usr/bin:/usr/sbin' },
    { name: 'ip6tables missing everywhere: still the same resolution', path: '/a:/usr/sbin', tree: { '/usr/sbin': ['iptables'] }, want: '/usr/sbin:/a' },
    { name: 'an empty entry (the working directory) leaves PATH alone', path: ':/a:/usr/sbin', tree: debian, want: ':/a:/usr/sbin' },
    { name: 'a relative entry leaves PATH alone', path: 'bin:/usr/sbin', tree: debian, want: 'bin:/usr/sbin' },
  ];
  for (const c of cases) assert.equal(pathForNetavark(c.path, fsWith(c.tree)), c.want, c.name);
});

test('pathWithout drops every directory holding the program', () => {
  const tree = fsWith({ '/usr/bin': ['systemd-run'], '/bin': ['systemd-run'], '/usr/sbin': ['iptables'] });
  assert.equal(pathWithout('systemd-run', '/usr/local/bin:/usr/bin:/usr/sbin:/bin', tree), '/usr/local/bin:/usr/sbin');
  assert.equal(pathWithout('systemd-run', '/usr/bin', tree), '');
});
