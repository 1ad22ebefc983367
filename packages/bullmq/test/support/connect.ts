import { Cluster, Redis } from "ioredis";

/**
 * A client for `url`: `redis://host:port` gives a `Redis`, `redis-cluster://host:port,host:port`
 * a `Cluster` (so one test helper or worker script runs on either). BullMQ's setting included.
 */
export function connect(url: string, options: { bullmq?: boolean } = {}): Redis | Cluster {
  const extra = options.bullmq === false ? {} : { maxRetriesPerRequest: null };
  if (!url.startsWith("redis-cluster://")) return new Redis(url, extra);
  const nodes = url
    .slice("redis-cluster://".length)
    .split(",")
    .map((node) => {
      const [host, port] = node.split(":");
      return { host: host ?? "127.0.0.1", port: Number(port) };
    });
  return new Cluster(nodes, { redisOptions: extra });
}

/** The `redis-cluster://` URL of a cluster's nodes. */
export const clusterUrl = (nodes: ReadonlyArray<{ host: string; port: number }>): string =>
  `redis-cluster://${nodes.map((n) => `${n.host}:${String(n.port)}`).join(",")}`;

/** Deletes every key matching `pattern` (SCAN, on every master of a cluster). */
export async function deleteKeys(redis: Redis | Cluster, pattern: string): Promise<void> {
  const nodes = redis instanceof Cluster ? redis.nodes("master") : [redis];
  for (const node of nodes) {
    let cursor = "0";
    do {
      const [next, keys] = await node.scan(cursor, "MATCH", pattern, "COUNT", 1000);
      // One DEL per key (pipelined): on a cluster, the keys of one command must share a slot.
      if (keys.length > 0)
        await keys.reduce((batch, key) => batch.del(key), node.pipeline()).exec();
      cursor = next;
    } while (cursor !== "0");
  }
}
