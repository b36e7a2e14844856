/** Reaching Redis: a quick probe before anything is enqueued, so an unreachable server is one clear error. */
import { Redis } from 'ioredis';
import { QueueUnreachableError } from './errors.ts';
import { redisOptions, type RedisAddress } from './url.ts';

/** Connect once without retries, PING, and disconnect; throws QueueUnreachableError when Redis does not answer in `timeoutMs`. */
export async function probeRedis(a: RedisAddress, timeoutMs = 3000): Promise<void> {
  const client = new Redis({ ...redisOptions(a), lazyConnect: true, connectTimeout: timeoutMs, retryStrategy: () => null, maxRetriesPerRequest: 0, enableOfflineQueue: false });
  client.on('error', () => {});
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      (async () => {
        await client.connect();
        const pong = await client.ping();
        if (pong !== 'PONG') throw new Error(`PING answered ${JSON.stringify(pong)}`);
      })(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs))),
    ]);
  } catch (e) {
    throw new QueueUnreachableError(a.display, e instanceof Error ? e.message || e.name : String(e));
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

/** A BullMQ connection (ioredis) to an address; connection errors are reported once through `onError`. */
export function connect(a: RedisAddress, onError: (e: Error) => void = () => {}): Redis {
  const c = new Redis(redisOptions(a));
  let reported = false;
  c.on('error', (e: Error) => {
    if (!reported) onError(e);
    reported = true;
  });
  c.on('ready', () => (reported = false));
  return c;
}
