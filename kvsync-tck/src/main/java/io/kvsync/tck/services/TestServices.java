package io.kvsync.tck.services;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.util.List;
import java.util.Optional;

/**
 * Where service-backed tests find their services, and what they do when one is missing.
 *
 * <p>Addresses come from environment variables (or system properties of the same name in lower case
 * with dots): {@code KVSYNC_TEST_REDIS_URI}, {@code KVSYNC_TEST_REDIS_CLUSTER} (comma-separated seed
 * URIs), {@code KVSYNC_TEST_JDBC_URL}. A test whose service is not configured is skipped with a message,
 * unless {@code -Dkvsync.test.require-services=true} is set (as CI does), in which case it fails: a
 * skipped service test is not a passing one.
 */
public final class TestServices {

    /** The system property that turns a missing service into a failure. */
    public static final String REQUIRE_SERVICES = "kvsync.test.require-services";

    private TestServices() {
    }

    /** The standalone Redis to test against, e.g. {@code redis://127.0.0.1:6379}. */
    public static Optional<String> redisUri() {
        return setting("KVSYNC_TEST_REDIS_URI");
    }

    /** Seed URIs of the Redis Cluster to test against ({@code scripts/redis-cluster.sh start}). */
    public static List<String> redisClusterUris() {
        return setting("KVSYNC_TEST_REDIS_CLUSTER")
                .map(v -> List.of(v.split("\\s*,\\s*")))
                .orElse(List.of());
    }

    /** The JDBC URL of the PostgreSQL database to test against. */
    public static Optional<String> jdbcUrl() {
        return setting("KVSYNC_TEST_JDBC_URL");
    }

    /** The JDBC URL of the MariaDB (or MySQL) database to test against. */
    public static Optional<String> mariaDbUrl() {
        return setting("KVSYNC_TEST_MARIADB_URL");
    }

    /** Whether a missing service fails the test instead of skipping it. */
    public static boolean servicesRequired() {
        return Boolean.parseBoolean(System.getProperty(REQUIRE_SERVICES, "false"));
    }

    /**
     * Returns {@code value} if present; otherwise skips the calling test, or fails it when services are
     * required.
     *
     * @param what names the service and how to provide it, for the skip or failure message
     */
    public static <T> T require(Optional<T> value, String what) {
        if (value.isPresent()) {
            return value.get();
        }
        String message = what + " is not configured";
        if (servicesRequired()) {
            return Assertions.fail(message + ", and " + REQUIRE_SERVICES + "=true forbids skipping");
        }
        Assumptions.abort(message + "; skipping (set it, or run .ci/run)");
        throw new AssertionError("unreachable: abort() throws");
    }

    private static Optional<String> setting(String envName) {
        String property = System.getProperty(envName.toLowerCase(java.util.Locale.ROOT).replace('_', '.'));
        String value = property != null ? property : System.getenv(envName);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
