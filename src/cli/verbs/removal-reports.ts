// The output of the rm verbs that report per item (volume rm, secret rm): what went on stdout, errors after, exit code.

/** Each removed item's ID on stdout, then every error (podman prints them at the end); the last error's exit code. */
export function printRemovals(reports: ReadonlyArray<{ Id: string; Err?: { message: string; exitCode: number } }>): number {
  let code = 0;
  let errs = '';
  for (const r of reports) {
    if (!r.Err) process.stdout.write(`${r.Id}\n`);
    else {
      errs += `Error: ${r.Err.message}\n`;
      code = r.Err.exitCode;
    }
  }
  process.stderr.write(errs);
  return code;
}
