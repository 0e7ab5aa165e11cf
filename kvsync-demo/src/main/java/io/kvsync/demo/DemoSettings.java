package io.kvsync.demo;

/**
 * What the user asked for.
 *
 * @param store     store provider name: memory, redis or hazelcast
 * @param redisUri  Redis URI, for the redis store
 * @param jdbcUrl   database URL, or {@code null} for an in-memory H2
 * @param marshaler marshaler provider name
 * @param rows      rows to insert (half members, half tickets)
 * @param workers   engine worker lanes
 * @param progress  whether to draw progress bars
 */
record DemoSettings(String store, String redisUri, String jdbcUrl, String marshaler, int rows, int workers,
                    boolean progress) {

    String effectiveJdbcUrl() {
        return jdbcUrl != null ? jdbcUrl : "jdbc:h2:mem:kvsync-demo-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
    }
}
