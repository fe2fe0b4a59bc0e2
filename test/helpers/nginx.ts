import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { until } from './clients.ts';
import { freePort } from './daemons.ts';
import { unprivilegedUser } from './postgres.ts';

/** What to tell whoever runs the tests on a machine without nginx. */
export const NGINX_MISSING =
  'nginx is needed by the multi-process tests (the load balancer in front of the server processes) and was not found at /usr/sbin/nginx or in PATH: install it (apt-get install nginx-light).';

export type TestNginx = {
  /** http://127.0.0.1:PORT, the balancer's address. */
  url: string;
  port: number;
  /** The config it runs with (written into its temp folder). */
  config: string;
  /** nginx's master process. */
  readonly pid: number;
  /** Its error log and access log so far (the access log names the upstream of each request), for failure messages. */
  logs(): string;
  /** Fast shutdown (SIGTERM: open connections are closed, not waited for), then its folder is removed. */
  stop(): Promise<void>;
};

type Options = {
  /** The server processes' ports on 127.0.0.1. */
  upstreams: number[];
  /** A path every upstream answers 2xx once it serves: nginx is ready when it answers it through itself. */
  readyPath: string;
  /** The nginx program (default: /usr/sbin/nginx, else the first in PATH). */
  bin?: string;
};

/** The nginx program: the given one if it exists, else Debian's, else the first in PATH. */
export function findNginx(bin?: string): string | undefined {
  const candidates = bin ? [bin] : ['/usr/sbin/nginx', ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map((d) => path.join(d, 'nginx'))];
  return candidates.find((f) => fs.existsSync(f));
}

/**
 * The balancer's config: one worker, plain round-robin over the processes (so consecutive
 * WebSockets land on different ones), HTTP and WebSocket proxied alike. Every path nginx writes
 * is in `dir` (it runs unprivileged, and touches nothing of a system nginx). It is also the example
 * deployment in the README (*Several processes behind nginx*).
 */
export function balancerConfig({ dir, port, upstreams }: { dir: string; port: number; upstreams: number[] }): string {
  const at = (name: string) => path.join(dir, name);
  return `# A load balancer in front of the server processes (written by test/helpers/nginx.ts).
# One worker: round-robin state is per worker, so with one, consecutive connections alternate.
worker_processes 1;
pid ${at('nginx.pid')};
error_log ${at('error.log')} info;

events {
  worker_connections 4096;
}

http {
  # Each request's upstream, to see where a connection went.
  log_format upstream '$remote_addr "$request" $status upstream=$upstream_addr';
  access_log ${at('access.log')} upstream;
  client_body_temp_path ${at('client_body')};
  proxy_temp_path ${at('proxy')};
  fastcgi_temp_path ${at('fastcgi')};
  uwsgi_temp_path ${at('uwsgi')};
  scgi_temp_path ${at('scgi')};

  # A WebSocket handshake asks the upstream to upgrade; any other request does not.
  map $http_upgrade $connection_upgrade {
    default upgrade;
    '' close;
  }

  upstream srx {
    # Round-robin (nginx's default). A process that refuses a connection (killed) is skipped for
    # fail_timeout after one failure; its clients reconnect and land on a live one.
${upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=2s;`).join('\n')}
  }

  server {
    listen 127.0.0.1:${port};
    # The server refuses API bodies over 1 MB with its own JSON 413; let those through to it.
    client_max_body_size 2m;

    location / {
      proxy_pass http://srx;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      # With its port: the server's WebSocket Origin check compares a browser's Origin with Host.
      proxy_set_header Host $http_host;
      proxy_set_header X-Real-IP $remote_addr;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      # A handshake or request that cannot reach a process goes to the next one.
      proxy_next_upstream error timeout;
      proxy_connect_timeout 5s;
      # A WebSocket is quiet for at most the server's 2 s heartbeat; an hour only bounds a dead one.
      proxy_read_timeout 1h;
      proxy_send_timeout 1h;
    }
  }
}
`;
}

/**
 * Debian's nginx in front of the given ports, on a free port of 127.0.0.1, with everything it
 * writes in a temp folder. As root it runs as an unprivileged user (`nobody`, as the PostgreSQL
 * helper's cluster does), so it needs no `user` directive and writes nothing outside that folder.
 * Ready when `readyPath` answers through it (never a sleep). Rejects with NGINX_MISSING without
 * nginx.
 */
export async function startNginx(options: Options): Promise<TestNginx> {
  const bin = findNginx(options.bin);
  if (!bin) throw new Error(NGINX_MISSING);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'srx-nginx-'));
  const user = unprivilegedUser();
  if (user) fs.chownSync(dir, user.uid, user.gid);
  const confFile = path.join(dir, 'nginx.conf');
  const errorLog = path.join(dir, 'error.log');
  const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
  const logs = () => `${read(errorLog)}${read(path.join(dir, 'access.log'))}`;
  let child: ChildProcess | undefined;
  // A test process that ends without stop(): nginx shuts down by itself (SIGTERM reaches the
  // master, which stops its worker; a SIGKILL would leave the worker holding the port).
  const onExit = () => {
    child?.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', onExit);
  const launch = async (): Promise<{ child: ChildProcess; port: number; config: string }> => {
    for (let attempt = 0; ; attempt++) {
      const port = await freePort();
      const config = balancerConfig({ dir, port, upstreams: options.upstreams });
      fs.writeFileSync(confFile, config);
      // -e: the log of the start itself (before the config is read), else /var/log/nginx.
      const started = spawn(bin, ['-e', errorLog, '-p', dir, '-c', confFile, '-g', 'daemon off;'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], ...(user ?? {}) });
      let output = '';
      started.stdout?.on('data', (d: Buffer) => (output += d.toString()));
      started.stderr?.on('data', (d: Buffer) => (output += d.toString()));
      let spawnError = '';
      started.once('error', (err) => (spawnError = err.message));
      const gone = () => spawnError !== '' || started.exitCode !== null || started.signalCode !== null;
      const outcome = await until(
        'nginx answering',
        async () => (gone() ? 'exited' : (await answers(`http://127.0.0.1:${port}${options.readyPath}`)) ? 'ready' : null),
        15_000,
      ).catch((err: Error) => {
        started.kill('SIGTERM');
        throw new Error(`${err.message}\n${output}${logs()}`);
      });
      if (outcome === 'ready') return { child: started, port, config };
      const why = `${spawnError}${output}${read(errorLog)}`;
      if (attempt < 3 && /Address already in use/.test(why)) continue;
      throw new Error(`nginx did not start (${started.exitCode ?? started.signalCode ?? 'no process'}):\n${why}`);
    }
  };
  let launched: Awaited<ReturnType<typeof launch>>;
  try {
    launched = await launch();
    child = launched.child;
  } catch (err) {
    process.off('exit', onExit);
    onExit();
    throw err;
  }
  const { port, config } = launched;
  const running = launched.child;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    config,
    pid: running.pid!,
    logs,
    async stop() {
      if (running.exitCode === null && running.signalCode === null) {
        const exited = new Promise((resolve) => running.once('exit', resolve));
        running.kill('SIGTERM');
        await exited;
      }
      process.off('exit', onExit);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false; // not listening yet
  }
}
