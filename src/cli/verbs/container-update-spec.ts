// Command tree entry for `berth [container] update`: live published-port changes (the only update it has).
import type { CommandSpec } from '../command.ts';

export const update: CommandSpec = {
  name: 'update',
  summary: 'update an existing container',
  description: 'Updates the published ports of an existing container, without a restart when it runs',
  usage: '[options] CONTAINER',
  examples: ['berth update --publish-add 127.0.0.1:8081:80 --publish-rm 8080 ctrID'],
  flags: [
    { name: 'publish-add', kind: 'stringArray', help: 'Publish a port, or a range of ports, to the host (as -p)' },
    { name: 'publish-rm', kind: 'stringArray', help: 'Stop publishing a host port: [hostIP:]hostPort[/protocol]' },
  ],
  run: () => import('./container-update.ts'),
};
