package io.kvsync.sample;

import io.kvsync.tck.services.TestServices;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sample on its {@code redis} profile, against the local PostgreSQL ({@code KVSYNC_TEST_JDBC_URL}) and
 * Redis ({@code KVSYNC_TEST_REDIS_URI}); skipped without them, failed instead with
 * {@code -Dkvsync.test.require-services=true}. Redis is configured only as Spring Data Redis: KVSync's
 * store connects where it does.
 */
@ActiveProfiles("redis")
class PostgresRedisSampleTest extends CustomerReplicationScenario {

    @BeforeAll
    static void servicesAreConfigured() {
        TestServices.require(TestServices.jdbcUrl(), "PostgreSQL (KVSYNC_TEST_JDBC_URL)");
        TestServices.require(TestServices.redisUri(), "Redis (KVSYNC_TEST_REDIS_URI)");
    }

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> TestServices.jdbcUrl().orElseThrow());
        registry.add("spring.data.redis.url", () -> TestServices.redisUri().orElseThrow());
        // This run's keys only, and gone within the hour.
        registry.add("kvsync.redis.prefix", () -> "kvsync-sample-" + Long.toString(System.nanoTime(), 36) + ":");
        registry.add("kvsync.expiration", () -> "1h");
    }

    @Override
    String expectedStore() {
        return "RedisKvStore";
    }
}
