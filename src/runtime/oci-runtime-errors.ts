// Turns an OCI runtime's error text into BerthErrors with Podman's wording and exit codes (126, 127, 125).
import { BerthError } from '../util/errors.ts';

/** Podman's sentinel wordings (libpod/define/errors.go), appended after the runtime's own message. */
export const OCI_NOT_FOUND = 'OCI runtime attempted to invoke a command that was not found';
export const OCI_PERMISSION_DENIED = 'OCI permission denied';
export const OCI_RUNTIME_ERROR = 'OCI runtime error';

const PERMISSION = /^.*(?:permission denied|operation not permitted).*$/im;
const NOT_FOUND = /^.*(?:executable file not found in|no such file or directory).*$/im;

/** Extracts the messages from runc/crun `--log-format json` lines; plain text passes through. */
export function runtimeLogMessages(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t) continue;
    if (t.startsWith('{')) {
      try {
        const j = JSON.parse(t) as { level?: string; msg?: string };
        if (j.msg && (j.level === 'error' || j.level === 'fatal' || j.level === 'warning')) out.push(j.msg);
        continue;
      } catch {
        // not JSON: keep the text
      }
    }
    out.push(t);
  }
  return out;
}

/**
 * The error for a failed create/start/exec, as Podman words it: `<runtime>: <matched line>: <sentinel>`.
 * `fullOutput` keeps the whole message instead of the matching line (Podman does so at --log-level debug).
 */
export function ociRuntimeError(runtimeName: string, message: string, fullOutput = false): BerthError {
  const msg = message.replace(/^\n+|\n+$/g, '');
  let m = PERMISSION.exec(msg);
  if (m) {
    return new BerthError('cannot-invoke', `${runtimeName}: ${fullOutput ? msg : m[0]}: ${OCI_PERMISSION_DENIED}`);
  }
  m = NOT_FOUND.exec(msg);
  if (m) {
    return new BerthError('command-not-found', `${runtimeName}: ${fullOutput ? msg : m[0]}: ${OCI_NOT_FOUND}`);
  }
  return new BerthError('internal', `${runtimeName}: ${msg}: ${OCI_RUNTIME_ERROR}`);
}

/** True when the runtime says the container is unknown to it. */
export const isDoesNotExist = (text: string) => /container does not exist|does not exist/i.test(text);
