import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isStreetId, ROLE_WORDS, ROLES, type Principal, type Role } from '../model/index.ts';
import { loadOrCreateSecret, SECRET_FILE } from './auth/secret.ts';
import { recordRevocation, revokeTarget } from './auth/revocations.ts';
import { parseTtl, signToken, verifyToken } from './auth/tokens.ts';
import { configFromEnv } from './config.ts';
import { backupDataDir } from './storage/backup.ts';
import { asyncStores } from './storage/async-view.ts';
import { openPostgresStore } from './storage/postgres.ts';
import { DB_FILE, openSqliteStore } from './storage/sqlite.ts';

const USAGE = `usage: npm run cli -- token --role admin|reviewer|editor|viewer [--street ID] [--name NAME] [--sub USER_ID] [--ttl 30d] [--presenter]
  Prints a signed token (its last line) for the server using DATA_DIR (default ./.data), and
  before it the token's id. --presenter: a named presenter, who may put their map view on the
  big screen (投屏演示; admins always may).
usage: npm run cli -- revoke TOKEN_OR_ID | --user USER_ID
  Revokes one token (given whole, or by its id) or every token of one user issued until now,
  also while the server runs: its open sockets are closed within a second (4401).
usage: npm run cli -- backup --to DIR
  Copies DATA_DIR (database and token secret) into the new or empty folder DIR, also while the
  server runs. To restore, start the server with DATA_DIR=DIR. With DATABASE_URL set it prints
  the pg_dump commands to run instead.`;

/** Operator commands. Exits non-zero with a clear message on bad input. */
export async function runCli(argv: string[], env = process.env): Promise<string> {
  const [command, ...rest] = argv;
  if (command === 'token') return token(rest, env);
  if (command === 'backup') return backup(rest, env);
  if (command === 'revoke') return revoke(rest, env);
  throw new Error(USAGE);
}

async function backup(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const { values } = parseArgs({ args, options: { to: { type: 'string' } }, strict: true });
  if (!values.to) throw new Error(`backup needs --to DIR\n${USAGE}`);
  const dataDir = configFromEnv(env).dataDir;
  // With PostgreSQL the documents are not in DATA_DIR: a copy of it would look whole and hold none of them.
  if (env.DATABASE_URL) throw new Error(postgresBackup(values.to, dataDir));
  const { dir, bytes } = await backupDataDir(dataDir, values.to);
  return `backed up ${dataDir} to ${dir} (${Math.ceil(bytes / 1024)} KB); to use it: DATA_DIR=${dir} npm start`;
}

/** What to run instead when the data is in PostgreSQL (server/storage/README.md). */
function postgresBackup(to: string, dataDir: string): string {
  const dir = path.resolve(to);
  return `backup: DATABASE_URL is set, so the data is in PostgreSQL and this command does not copy it. Back up with PostgreSQL's own tools, also while the servers run:
  mkdir -m 700 ${dir}
  pg_dump --format=custom --file=${path.join(dir, 'sanrenxing.pgdump')} "$DATABASE_URL"
  cp -p ${path.join(dataDir, SECRET_FILE)} ${dir}/    (the token secret: issued tokens stay valid)
To restore into an empty database: pg_restore --no-owner --dbname="$DATABASE_URL" ${path.join(dir, 'sanrenxing.pgdump')}, and put ${SECRET_FILE} back into DATA_DIR (server/storage/README.md).`;
}

function token(args: string[], env: NodeJS.ProcessEnv): string {
  const { values } = parseArgs({
    args,
    options: {
      role: { type: 'string' },
      street: { type: 'string' },
      name: { type: 'string' },
      sub: { type: 'string' },
      ttl: { type: 'string', default: '30d' },
      presenter: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const role = values.role as Role | undefined;
  if (!role || !ROLES.includes(role)) throw new Error(`--role must be one of ${ROLES.join(', ')}\n${USAGE}`);
  if (values.street !== undefined && !isStreetId(values.street)) throw new Error(`unknown --street "${values.street}"`);
  if ((role === 'editor' || role === 'reviewer') && !values.street) throw new Error(`a${role === 'editor' ? 'n' : ''} ${role} token needs --street`);
  const principal: Principal = {
    role,
    ...(values.street && isStreetId(values.street) ? { street: values.street } : {}),
    sub: values.sub ?? `${role}${values.street ? `-${values.street}` : ''}`,
    name: values.name ?? defaultName(role, values.street),
    // Only when asked: an admin presents anyway, and a token without the claim stays as it was.
    ...(values.presenter ? { present: true } : {}),
  };
  const { secret } = loadOrCreateSecret(configFromEnv(env).dataDir);
  const token = signToken(secret, principal, parseTtl(values.ttl ?? '30d'));
  const claims = verifyToken(secret, token);
  const id = claims.ok ? claims.claims.jti : undefined;
  const presenter = values.presenter ? ' · may present on the big screen (投屏演示)' : '';
  return `token id: ${id} (to revoke it: npm run cli -- revoke ${id})${presenter}\n${token}`;
}

async function revoke(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  // A token id is base64url and may begin with '-' ("-kQ…"): anything but --user is the token
  // or its id, never an option (parseArgs would refuse "-k" as an unknown option).
  const byUser = args[0] === '--user' || args[0]?.startsWith('--user=') === true;
  const { values, positionals } = parseArgs({ args: byUser ? args : ['--', ...args], options: { user: { type: 'string' } }, allowPositionals: true, strict: true });
  if ((values.user === undefined) === (positionals.length !== 1)) throw new Error(`revoke needs one token, one token id, or --user USER_ID\n${USAGE}`);
  const { dataDir, databaseUrl } = configFromEnv(env);
  const file = path.join(dataDir, DB_FILE);
  // A mistyped DATA_DIR must not get a new, empty database that revokes nothing.
  if (!databaseUrl && !fs.existsSync(file)) throw new Error(`no database in ${dataDir}: set DATA_DIR to the server's data dir`);
  // The same database the server uses (PostgreSQL with DATABASE_URL; SQLite's WAL lets both
  // write while it runs); running servers read it within their revocation poll.
  const store = databaseUrl ? await openPostgresStore(databaseUrl) : asyncStores(openSqliteStore(file));
  try {
    const given = positionals[0];
    const target =
      values.user !== undefined
        ? revokeTarget(Buffer.alloc(0), { user: values.user })
        : given!.startsWith('srx1.')
          ? revokeTarget(loadOrCreateSecret(dataDir).secret, { token: given! })
          : revokeTarget(Buffer.alloc(0), { id: given! });
    if ('error' in target) throw new Error(`cannot revoke: ${target.error}`);
    await recordRevocation(store.app, target, { sub: 'cli', name: 'npm run cli' });
    return 'tokenId' in target
      ? `revoked token ${target.tokenId}`
      : `revoked every token of user "${target.user}" issued until now; tokens issued from now on work`;
  } finally {
    await store.close();
  }
}

function defaultName(role: Role, street?: string): string {
  const label = ROLE_WORDS.zh[role];
  return street ? `${label}(${street})` : label;
}

const isEntry = process.argv[1] && import.meta.filename && process.argv[1].endsWith('cli.ts');
if (isEntry) {
  runCli(process.argv.slice(2)).then(
    (out) => process.stdout.write(out + '\n'),
    (err: unknown) => {
      process.stderr.write(`${(err as Error).message}\n`);
      process.exit(2);
    },
  );
}
