package io.kvsync.store.redis;

import io.kvsync.tck.services.TestServices;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

import java.util.List;
import java.util.Optional;

/**
 * Where the tests find Redis: the addresses from {@link TestServices}; else, for the standalone server, a
 * Testcontainers Redis when a Docker engine answers; else the test is skipped (or fails when services are
 * required). The cluster has no container fallback: {@code scripts/redis-cluster.sh start} provides it.
 */
final class RedisServices {

    private static final String IMAGE = "redis:7.2-alpine";
    private static GenericContainer<?> container;

    private RedisServices() {
    }

    /** The standalone Redis URI, e.g. {@code redis://127.0.0.1:6379}. */
    static String standaloneUri() {
        Optional<String> configured = TestServices.redisUri();
        return TestServices.require(configured.isPresent() ? configured : containerUri(),
                "Redis (KVSYNC_TEST_REDIS_URI, or a Docker engine for Testcontainers)");
    }

    /** The seed URIs of the Redis Cluster. */
    static List<String> clusterUris() {
        List<String> uris = TestServices.redisClusterUris();
        return TestServices.require(uris.isEmpty() ? Optional.empty() : Optional.of(uris),
                "Redis Cluster (KVSYNC_TEST_REDIS_CLUSTER; start one with scripts/redis-cluster.sh start)");
    }

    private static synchronized Optional<String> containerUri() {
        if (container == null) {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                return Optional.empty();
            }
            GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse(IMAGE)).withExposedPorts(6379);
            redis.start();
            container = redis; // stopped by Testcontainers' reaper when the JVM ends
        }
        return Optional.of("redis://" + container.getHost() + ":" + container.getMappedPort(6379));
    }
}
