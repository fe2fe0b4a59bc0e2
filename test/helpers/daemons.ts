/** For the servers tests start beside the app (PostgreSQL, Redis): a port, and knowing when they are up. */
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';

/**
 * A TCP port on 127.0.0.1 that was free a moment ago (the kernel's pick for port 0), for servers
 * that cannot be started on port 0 and report theirs (PostgreSQL, Redis). Another process may
 * take it before the server binds it: callers retry on "address in use".
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * 'ready' once the server printed `ready` on stderr or stdout (never a sleep); otherwise, when it
 * exits first, what it printed.
 */
export function readyOrExit(child: ChildProcess, ready: RegExp, what: string): Promise<'ready' | string> {
  let output = '';
  return new Promise((resolve) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      if (ready.test(output)) {
        child.off('exit', onExit);
        // Still drained (a full pipe would stall the server's logging), no longer kept.
        child.stdout?.off('data', onData).on('data', () => {});
        child.stderr?.off('data', onData).on('data', () => {});
        resolve('ready');
      }
    };
    const onExit = (code: number | null, signal: string | null) => resolve(`${what} exited (${code ?? signal}) before it was ready:\n${output}`);
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', (err) => resolve(`${what}: ${err.message}`));
  });
}
