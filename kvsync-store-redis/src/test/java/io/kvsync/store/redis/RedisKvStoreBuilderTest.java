package io.kvsync.store.redis;

import io.kvsync.api.KvSyncConfigurationException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Validation in build(): no Redis needed. */
class RedisKvStoreBuilderTest {

    @Test
    void a_timeout_must_be_positive() {
        assertThatThrownBy(() -> RedisKvStore.builder().timeout(Duration.ZERO).build())
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessage("RedisKvStore timeout (setting kvsync.redis.timeout) must be a positive duration but was PT0S");
    }

    @Test
    void an_expiration_must_be_positive_when_given() {
        assertThatThrownBy(() -> RedisKvStore.builder().expiration(Duration.ofSeconds(-1)).build())
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("kvsync.redis.expiration");
    }

    @Test
    void two_clients_are_refused() {
        RedisClient lettuce = RedisClient.create();
        RedisClusterClient cluster = RedisClusterClient.create("redis://127.0.0.1:7000");
        try {
            assertThatThrownBy(() -> RedisKvStore.builder().client(lettuce).client(cluster).build())
                    .isInstanceOf(KvSyncConfigurationException.class)
                    .hasMessageContaining("given 2 clients");
        } finally {
            lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            cluster.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void a_sentinel_uri_cannot_seed_a_cluster() {
        assertThatThrownBy(() -> RedisKvStore.builder().uri("redis-sentinel://127.0.0.1:26379#main").cluster(true).build())
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("Sentinel");
    }

    @Test
    void an_invalid_uri_is_refused_without_showing_its_password() {
        assertThatThrownBy(() -> RedisKvStore.builder().uri("http://user:s3cret@host:6379").build())
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageNotContaining("s3cret");
    }
}
