// Whether this process leaves its SQLite connections open for its exit: set by the CLI, which then ends with
// process.exit() (no node:sqlite import here, so that the CLI entry can set it without loading SQLite).
let leaveOpen = false;

/**
 * For a CLI process that ends with process.exit(): from now on closeStateDb leaves connections open. Closing the last
 * connection makes SQLite checkpoint the WAL into the database (fsyncs of both files) and delete the WAL, which the next
 * berth then creates again (two more fsyncs): ~10 ms of every command on these disks. A process that exits without
 * closing leaves the WAL as it is, every commit already written to it; the next connection reads it, and SQLite's
 * auto-checkpoint folds it into the database as it grows. (A natural exit would still close: Node closes open
 * databases when it tears its environment down, hence the explicit exit.)
 */
export function leaveDatabasesOpenForExit(): void {
  leaveOpen = true;
}

export const databasesLeftOpenForExit = (): boolean => leaveOpen;
