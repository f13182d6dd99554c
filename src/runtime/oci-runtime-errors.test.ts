import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ociRuntimeError, runtimeLogMessages } from './oci-runtime-errors.ts';

test('ociRuntimeError maps runtime messages to Podman wording and exit codes', () => {
  const cases: Array<[string, string, number]> = [
    [
      'runc create failed: unable to start container process: exec: "foo": executable file not found in $PATH\n',
      'runc: runc create failed: unable to start container process: exec: "foo": executable file not found in $PATH: OCI runtime attempted to invoke a command that was not found',
      127,
    ],
    [
      'runc create failed: unable to start container process: exec: "/x": stat /x: no such file or directory',
      'runc: runc create failed: unable to start container process: exec: "/x": stat /x: no such file or directory: OCI runtime attempted to invoke a command that was not found',
      127,
    ],
    [
      'runc create failed: unable to start container process: exec: "/bin/noexec": permission denied',
      'runc: runc create failed: unable to start container process: exec: "/bin/noexec": permission denied: OCI permission denied',
      126,
    ],
    ['something broke', 'runc: something broke: OCI runtime error', 125],
  ];
  for (const [input, message, exit] of cases) {
    const e = ociRuntimeError('runc', input);
    assert.equal(e.message, message);
    assert.equal(e.exitCode, exit);
  }
});

test('ociRuntimeError keeps only the matching line unless fullOutput', () => {
  const input = 'first line\nexec: "foo": executable file not found in $PATH\nlast';
  assert.equal(ociRuntimeError('runc', input).message,
    'runc: exec: "foo": executable file not found in $PATH: OCI runtime attempted to invoke a command that was not found');
  assert.match(ociRuntimeError('runc', input, true).message, /^runc: first line\n.*\nlast: OCI runtime attempted/s);
});

test('runtimeLogMessages reads json log lines and plain text', () => {
  const text = '{"level":"info","msg":"ignored","time":"x"}\n{"level":"error","msg":"container does not exist","time":"x"}\nplain\n';
  assert.deepEqual(runtimeLogMessages(text), ['container does not exist', 'plain']);
});
