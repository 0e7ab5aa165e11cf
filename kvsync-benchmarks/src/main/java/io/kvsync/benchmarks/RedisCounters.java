package io.kvsync.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

import java.time.Duration;

/**
 * Redis's own counters of work done, from {@code INFO stats}: how many requests it read from its clients
 * ({@code total_reads_processed}, one per socket read, so a pipeline read at once counts once) and how many
 * commands it ran. Counts the counter's own {@code INFO} call too; a few against thousands. It reads
 * through a Lettuce client of its own, whose threads fall in {@link ThreadCpu.Group#LETTUCE}: a negligible
 * share next to the store's, but the only one in that group when the store runs on Jedis.
 */
final class RedisCounters implements AutoCloseable {

    /** The counters at one moment. */
    record Reading(long reads, long commands) {
    }

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    RedisCounters(String uri) {
        this.client = RedisClient.create(uri);
        this.connection = client.connect();
    }

    /** The counters now. */
    Reading read() {
        String info = connection.sync().info("stats");
        return new Reading(field(info, "total_reads_processed"), field(info, "total_commands_processed"));
    }

    private static long field(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1).trim());
            }
        }
        throw new IllegalStateException("Redis's INFO stats has no " + name + " (this Redis version does not report it)");
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
