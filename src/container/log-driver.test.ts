import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkLogTag, noLogsError, resolveLogDriver, writesLogFile } from './log-driver.ts';

test('resolveLogDriver: the flag wins over containers.conf; podman 4.3\'s error for unknown names; journald refused as a flag, k8s-file from containers.conf', () => {
  const cases: Array<[string, string | undefined, string, string]> = [
    ['default', undefined, 'k8s-file', 'k8s-file'],
    ['conf none', undefined, 'none', 'none'],
    ['conf passthrough', undefined, 'passthrough', 'passthrough'],
    ['flag over conf', 'k8s-file', 'passthrough', 'k8s-file'],
    ['flag none', 'none', 'k8s-file', 'none'],
    ['flag passthrough', 'passthrough', 'k8s-file', 'passthrough'],
    ['json-file alias', 'json-file', 'k8s-file', 'json-file'],
    ['empty flag is no flag', '', 'none', 'none'],
    ['empty conf', undefined, '', 'k8s-file'],
    ['unknown flag', 'foo', 'k8s-file', 'Error: running container create option: invalid log driver: invalid argument'],
    ['unknown conf', undefined, 'syslog', 'Error: running container create option: invalid log driver: invalid argument'],
    ['journald flag', 'journald', 'k8s-file', 'Error: --log-driver journald is not supported by berth yet'],
    ['journald conf (the systemd-host default)', undefined, 'journald', 'k8s-file'],
    ['flag overrides a bad conf', 'none', 'foo', 'none'],
  ];
  for (const [name, flag, conf, want] of cases) {
    if (want.startsWith('Error: ')) {
      assert.throws(() => resolveLogDriver(flag, conf), (e: Error & { exitCode?: number }) => `Error: ${e.message}` === want && e.exitCode === 125, name);
    } else {
      assert.equal(resolveLogDriver(flag, conf), want, name);
    }
  }
});

test('writesLogFile and checkLogTag: only the file drivers write a log, and only they refuse a tag', () => {
  const cases: Array<[Parameters<typeof writesLogFile>[0], boolean]> = [[undefined, true], ['k8s-file', true], ['json-file', true], ['none', false], ['passthrough', false]];
  for (const [d, want] of cases) {
    assert.equal(writesLogFile(d), want, String(d));
    if (d === undefined) continue;
    if (want) assert.throws(() => checkLogTag(d, 'x'), (e: Error) => e.message === "k8s-file doesn't support --log-tag", d);
    else assert.doesNotThrow(() => checkLogTag(d, 'x'), d);
    assert.doesNotThrow(() => checkLogTag(d, undefined), d);
  }
});

test('noLogsError: podman 4.3\'s words, exit code 125', () => {
  const cases: Array<[Parameters<typeof noLogsError>, string]> = [
    [['none', 'read logs'], "this container is using the 'none' log driver, cannot read logs: this container is not logging output"],
    [['passthrough', 'read logs'], "this container is using the 'passthrough' log driver, cannot read logs: this container is not logging output"],
    [['passthrough', 'attach', 'attaching to container abc: '], "attaching to container abc: this container is using the 'passthrough' log driver, cannot attach: this container is not logging output"],
  ];
  for (const [args, want] of cases) {
    const e = noLogsError(...args);
    assert.deepEqual([e.message, e.exitCode], [want, 125]);
  }
});
