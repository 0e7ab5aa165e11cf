package io.kvsync.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Checks that Redis, PostgreSQL and {@code redis-benchmark} answer before anything is measured, and
 * reads their versions for the report. Stateless.
 */
final class Services {

    /** A service that does not answer; the message is one line that says what to do. */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    private Services() {
    }

    /**
     * @return the Redis version
     * @throws Unavailable when Redis does not answer a PING
     */
    static String redis(String uri) throws Unavailable {
        RedisClient client;
        try {
            RedisURI redisUri = RedisURI.create(uri);
            redisUri.setTimeout(Duration.ofSeconds(3));
            client = RedisClient.create(redisUri);
        } catch (RuntimeException e) {
            throw new Unavailable("bench: invalid Redis URI " + uri + ": " + e.getMessage());
        }
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().ping();
            return connection.sync().info("server").lines()
                    .filter(line -> line.startsWith("redis_version:"))
                    .map(line -> line.substring("redis_version:".length()).trim())
                    .findFirst().orElse("unknown");
        } catch (RuntimeException e) {
            throw new Unavailable("bench: cannot reach Redis at " + uri + " (" + rootMessage(e)
                    + "); start it, or pass --redis-uri");
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /**
     * @return the PostgreSQL version
     * @throws Unavailable when PostgreSQL refuses a connection
     */
    static String postgres(String jdbcUrl) throws Unavailable {
        DriverManager.setLoginTimeout(5);
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             Statement statement = connection.createStatement();
             ResultSet version = statement.executeQuery("show server_version")) {
            version.next();
            return version.getString(1);
        } catch (SQLException e) {
            throw new Unavailable("bench: cannot connect to PostgreSQL at " + jdbcUrl + " (" + rootMessage(e)
                    + "); start it, or pass --jdbc-url");
        }
    }

    /** @throws Unavailable when {@code redis-benchmark} is not on the PATH */
    static void redisBenchmark() throws Unavailable, InterruptedException {
        try {
            Process process = new ProcessBuilder("redis-benchmark", "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            process.waitFor();
        } catch (IOException e) {
            throw new Unavailable("bench: redis-benchmark is not on the PATH (" + e.getMessage()
                    + "); install Redis's tools (Debian: apt-get install redis-tools)");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.replace('\n', ' ');
    }
}
