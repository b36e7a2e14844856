/**
 * Redis URLs for `--queue`: `redis://[user:password@]host[:port][/db]` (or `rediss://` for TLS).
 * Validated where they enter, so a typo is an InputError naming `queue`, not an ioredis retry loop.
 */
import { InputError } from '../../core/errors.ts';

/** A parsed Redis address (what ioredis takes as options). */
export interface RedisAddress {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls: boolean;
  /** The URL with any password masked, for messages and reports. */
  display: string;
}

const EXPECTED = 'a Redis URL such as redis://127.0.0.1:6379 (redis:// or rediss://, a host, an optional port 1–65535, an optional /db number)';

/** Parse and validate a Redis URL; throws InputError(field, url, …) for anything else. */
export function parseRedisUrl(url: unknown, field = 'queue'): RedisAddress {
  if (typeof url !== 'string' || url.trim() === '') throw new InputError(field, url, EXPECTED);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InputError(field, url, EXPECTED);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new InputError(field, url, EXPECTED);
  if (u.hostname === '' || u.search !== '' || u.hash !== '') throw new InputError(field, url, EXPECTED);
  const port = u.port === '' ? 6379 : Number(u.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new InputError(field, url, EXPECTED);
  const path = u.pathname.replace(/^\//, '');
  if (path !== '' && !/^\d{1,2}$/.test(path)) throw new InputError(`${field}.db`, path, 'a database number 0–15 after the host, e.g. redis://127.0.0.1:6379/0');
  const db = path === '' ? 0 : Number(path);
  if (db > 15) throw new InputError(`${field}.db`, db, 'a database number 0–15');
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  const out: RedisAddress = { host, port, db, tls: u.protocol === 'rediss:', display: `${u.protocol}//${u.password ? `${u.username ? decodeURIComponent(u.username) : ''}:***@` : ''}${u.host}${db ? `/${db}` : ''}` };
  if (u.username) out.username = decodeURIComponent(u.username);
  if (u.password) out.password = decodeURIComponent(u.password);
  return out;
}

/** ioredis connection options for an address (BullMQ's blocking connections need maxRetriesPerRequest null). */
export function redisOptions(a: RedisAddress): Record<string, unknown> {
  return {
    host: a.host,
    port: a.port,
    db: a.db,
    ...(a.username ? { username: a.username } : {}),
    ...(a.password ? { password: a.password } : {}),
    ...(a.tls ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}
