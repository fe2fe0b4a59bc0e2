import { parseArgs } from 'node:util';
import { isStreetId, ROLES, type Principal, type Role } from '../model/index.ts';
import { loadOrCreateSecret } from './auth/secret.ts';
import { parseTtl, signToken } from './auth/tokens.ts';
import { configFromEnv } from './config.ts';
import { backupDataDir } from './storage/backup.ts';

const USAGE = `usage: npm run cli -- token --role admin|editor|viewer [--street ID] [--name NAME] [--sub USER_ID] [--ttl 30d]
  Prints a signed token (its last line) for the server using DATA_DIR (default ./.data).
usage: npm run cli -- backup --to DIR
  Copies DATA_DIR (database and token secret) into the new or empty folder DIR, also while the
  server runs. To restore, start the server with DATA_DIR=DIR.`;

/** Operator commands. Exits non-zero with a clear message on bad input. */
export async function runCli(argv: string[], env = process.env): Promise<string> {
  const [command, ...rest] = argv;
  if (command === 'token') return token(rest, env);
  if (command === 'backup') return backup(rest, env);
  throw new Error(USAGE);
}

async function backup(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const { values } = parseArgs({ args, options: { to: { type: 'string' } }, strict: true });
  if (!values.to) throw new Error(`backup needs --to DIR\n${USAGE}`);
  const dataDir = configFromEnv(env).dataDir;
  const { dir, bytes } = await backupDataDir(dataDir, values.to);
  return `backed up ${dataDir} to ${dir} (${Math.ceil(bytes / 1024)} KB); to use it: DATA_DIR=${dir} npm start`;
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
    },
    strict: true,
  });
  const role = values.role as Role | undefined;
  if (!role || !ROLES.includes(role)) throw new Error(`--role must be one of ${ROLES.join(', ')}\n${USAGE}`);
  if (values.street !== undefined && !isStreetId(values.street)) throw new Error(`unknown --street "${values.street}"`);
  if (role === 'editor' && !values.street) throw new Error('an editor token needs --street');
  const principal: Principal = {
    role,
    ...(values.street && isStreetId(values.street) ? { street: values.street } : {}),
    sub: values.sub ?? `${role}${values.street ? `-${values.street}` : ''}`,
    name: values.name ?? defaultName(role, values.street),
  };
  const { secret } = loadOrCreateSecret(configFromEnv(env).dataDir);
  return signToken(secret, principal, parseTtl(values.ttl ?? '30d'));
}

function defaultName(role: Role, street?: string): string {
  const label = { admin: '管理员', editor: '编辑', viewer: '观察员' }[role];
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
