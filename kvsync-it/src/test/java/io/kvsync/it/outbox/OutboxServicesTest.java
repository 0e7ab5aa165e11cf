package io.kvsync.it.outbox;

import io.kvsync.it.support.Cleanup;
import io.kvsync.tck.services.TestServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every outbox test here starts from and leaves behind: a database under test and Redis (skipped, or
 * failed when services are required, without them), a key prefix of its own, no outbox table before the
 * test, and after it the test's resources closed ({@link #cleanup}), the outbox table dropped and its keys
 * deleted.
 */
abstract class OutboxServicesTest {

    /** Closed after each test, last registered first. */
    final Cleanup cleanup = new Cleanup();
    String jdbcUrl;
    String redisUri;
    String prefix;

    /** The JDBC URL of the database under test; skips (or fails, when services are required) without it. */
    abstract String jdbcUrl();

    @BeforeEach
    final void startWithoutAnOutboxTable() {
        jdbcUrl = jdbcUrl();
        redisUri = TestServices.require(TestServices.redisUri(), "Redis (KVSYNC_TEST_REDIS_URI)");
        prefix = OutboxSetup.newPrefix(getClass().getSimpleName());
        OutboxSetup.dropOutboxTable(jdbcUrl);
    }

    @AfterEach
    final void removeWhatTheTestLeft() {
        try {
            cleanup.close();
        } finally {
            if (jdbcUrl != null) {
                OutboxSetup.dropOutboxTable(jdbcUrl);
            }
            if (redisUri != null) {
                OutboxSetup.deleteRedisKeys(redisUri, prefix);
            }
        }
    }

    /** PostgreSQL, for the tests that run on it alone. */
    static String postgres() {
        return TestServices.require(TestServices.jdbcUrl(), "PostgreSQL (KVSYNC_TEST_JDBC_URL)");
    }
}
