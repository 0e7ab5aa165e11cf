package io.kvsync.benchmarks;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Removes what the end-to-end report left in PostgreSQL (its schema) and Redis (keys under its
 * patterns), once: at the end of the run, or from a shutdown hook when the run is interrupted.
 * Thread-safe.
 */
final class Cleanup implements Runnable {

    private final AtomicBoolean done = new AtomicBoolean();
    private final String jdbcUrl;
    private final String schema;
    private final String redisUri;
    private final List<String> redisPatterns;
    private volatile boolean schemaCreated;

    Cleanup(String jdbcUrl, String schema, String redisUri, List<String> redisPatterns) {
        this.jdbcUrl = jdbcUrl;
        this.schema = schema;
        this.redisUri = redisUri;
        this.redisPatterns = List.copyOf(redisPatterns);
    }

    /** From now on the schema exists and is dropped. */
    void schemaCreated() {
        schemaCreated = true;
    }

    /** Runs once; failures are printed (naming what was left behind), never thrown. */
    @Override
    public void run() {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        if (schemaCreated) {
            try {
                BenchDatabase.dropSchema(jdbcUrl, schema);
            } catch (SQLException e) {
                System.err.println("bench: " + e.getMessage());
            }
        }
        for (String pattern : redisPatterns) {
            try {
                RedisKeys.deleteMatching(redisUri, pattern);
            } catch (RuntimeException e) {
                System.err.println("bench: could not delete the Redis keys " + pattern + ": " + e.getMessage());
            }
        }
    }
}
