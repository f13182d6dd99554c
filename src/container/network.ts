// The network step of a container's init and cleanup. Today: none/host/private (runc's fresh netns with loopback).
// Bridge networks plug in here (NetworkManager.attach on a netns created with createNetns, detach at teardown).
import { removeNetns } from '../network/netns.ts';
import { invalidArgument } from '../util/errors.ts';
import type { NetworkSeam } from './env.ts';
import type { ContainerRecord } from './records.ts';

/** Network modes this round supports; anything else is refused at create. */
export const NETWORK_MODES = ['none', 'host', 'private', 'bridge', ''];

export function checkNetworkMode(mode: string): string {
  if (mode.startsWith('ns:') || NETWORK_MODES.includes(mode)) return mode || 'private';
  throw invalidArgument(`network "${mode}": only none, host, private and bridge are supported until container networking lands`);
}

/** The spec's namespace mode for a network mode: `bridge` is a private netns until the bridge step exists. */
export function specNetMode(mode: string): string {
  return mode === 'bridge' || mode === '' ? 'private' : mode;
}

/** The seam's default: nothing to set up (runc creates the netns); teardown removes a recorded netns file if any. */
export const loopbackNetwork: NetworkSeam = {
  async setup() {
    return {};
  },
  async teardown(rec: ContainerRecord) {
    if (rec.netns) removeNetns(rec.netns);
  },
};
