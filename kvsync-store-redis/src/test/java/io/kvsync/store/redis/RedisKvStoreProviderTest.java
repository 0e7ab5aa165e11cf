package io.kvsync.store.redis;

import io.kvsync.api.KvSyncConfigurationException;
import io.kvsync.engine.KvSync;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvStoreProvider;
import io.kvsync.spi.KvSyncConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisKvStoreProviderTest {

    private final RedisKvStoreProvider provider = new RedisKvStoreProvider();

    @Test
    void is_found_by_the_service_loader_under_the_name_redis_with_priority_100() {
        assertThat(ServiceLoader.load(KvStoreProvider.class)).anySatisfy(found -> {
            assertThat(found).isInstanceOf(RedisKvStoreProvider.class);
            assertThat(found.name()).isEqualTo("redis");
            assertThat(found.priority()).isEqualTo(100);
        });
    }

    @Test
    void reads_its_settings_from_the_config() {
        KvSyncConfig config = KvSyncConfig.of(Map.of(
                "kvsync.redis.uri", RedisServices.standaloneUri(),
                "kvsync.redis.prefix", "app:",
                "kvsync.redis.expiration", "365d",
                "kvsync.redis.tombstone-ttl", "5s",
                "kvsync.redis.timeout", "3s",
                "kvsync.redis.client", "jedis"));

        try (KvStore store = provider.create(config)) {
            assertThat(store).hasToString("RedisKvStore[jedis " + RedisServices.standaloneUri() + ", prefix=app:,"
                    + " expiration=PT8760H, tombstoneTtl=PT5S, timeout=PT3S]");
        }
    }

    @Test
    void the_near_cache_setting_puts_a_near_cache_in_front_of_reads() {
        KvSyncConfig config = KvSyncConfig.of(Map.of(
                "kvsync.redis.uri", RedisServices.standaloneUri(),
                "kvsync.redis.prefix", RedisStores.uniquePrefix(),
                "kvsync.redis.near-cache.max-entries", "50"));

        try (RedisKvStore store = (RedisKvStore) provider.create(config)) {
            store.read(List.of("k"));
            store.read(List.of("k"));

            assertThat(store.toString()).contains("nearCache=50");
            assertThat(store.nearCacheStats().hits()).isEqualTo(1);
        }
    }

    @Test
    void the_optimistic_fencing_setting_reaches_the_store_and_a_negative_one_is_refused_naming_it() {
        try (KvStore store = provider.create(KvSyncConfig.of(Map.of("kvsync.redis.uri", RedisServices.standaloneUri(),
                "kvsync.redis.optimistic-fencing.min-writes", "16")))) {
            assertThat(store.toString()).contains("optimisticFencing=16");
        }
        assertThatThrownBy(() -> provider.create(KvSyncConfig.of(Map.of("kvsync.redis.uri", RedisServices.standaloneUri(),
                "kvsync.redis.optimistic-fencing.min-writes", "-1"))))
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("kvsync.redis.optimistic-fencing.min-writes");
    }

    @Test
    void the_set_if_absent_setting_reaches_the_store_in_any_case_and_an_unknown_one_is_refused_naming_it() {
        try (KvStore store = provider.create(KvSyncConfig.of(Map.of("kvsync.redis.uri", RedisServices.standaloneUri(),
                "kvsync.redis.set-if-absent", "Never")))) {
            assertThat(store.toString()).contains("setIfAbsent=NEVER");
        }
        try (KvStore store = provider.create(KvSyncConfig.of(Map.of("kvsync.redis.uri", RedisServices.standaloneUri())))) {
            assertThat(store.toString()).as("the default, auto, is not printed").doesNotContain("setIfAbsent");
        }
        assertThatThrownBy(() -> provider.create(KvSyncConfig.of(Map.of("kvsync.redis.uri", RedisServices.standaloneUri(),
                "kvsync.redis.set-if-absent", "sometimes"))))
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("kvsync.redis.set-if-absent=sometimes").hasMessageContaining("auto, always or never");
    }

    @Test
    void several_uris_make_a_cluster_store() {
        KvSyncConfig config = KvSyncConfig.of(Map.of("kvsync.redis.uris", String.join(",", RedisServices.clusterUris())));

        try (KvStore store = provider.create(config)) {
            assertThat(store.toString()).startsWith("RedisKvStore[lettuce cluster redis://");
        }
    }

    @Test
    void an_unknown_client_library_is_named_in_the_error() {
        KvSyncConfig config = KvSyncConfig.of(Map.of("kvsync.redis.client", "redisson"));

        assertThatThrownBy(() -> provider.create(config))
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("kvsync.redis.client=redisson").hasMessageContaining("lettuce or jedis");
    }

    @Test
    void an_invalid_duration_is_named_in_the_error() {
        KvSyncConfig config = KvSyncConfig.of(Map.of("kvsync.redis.tombstone-ttl", "-5s"));

        assertThatThrownBy(() -> provider.create(config))
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("kvsync.redis.tombstone-ttl");
    }

    @Test
    void a_password_setting_never_shows_in_the_store_or_the_error() {
        KvSyncConfig config = KvSyncConfig.of(Map.of(
                "kvsync.redis.uri", "redis://127.0.0.1:1",
                "kvsync.redis.password", "s3cret-password",
                "kvsync.redis.connect-timeout", "200ms"));

        try (KvStore store = provider.create(config)) {
            assertThat(store.toString()).doesNotContain("s3cret");
            assertThatThrownBy(() -> store.read(java.util.List.of("a"))).hasMessageNotContaining("s3cret");
        }
    }

    @Test
    void reads_the_tls_settings_and_never_shows_the_trust_store_password(@TempDir Path directory) throws Exception {
        Path trustStore = TestTrust.pkcs12TrustStore(directory, "trust-s3cret");
        KvSyncConfig config = KvSyncConfig.of(Map.of(
                "kvsync.redis.uri", "rediss://127.0.0.1:1",
                "kvsync.redis.connect-timeout", "200ms",
                "kvsync.redis.tls.trusted-certificates", TestTrust.caPem().toString(),
                "kvsync.redis.tls.trust-store", trustStore.toString(),
                "kvsync.redis.tls.trust-store-password", "trust-s3cret",
                "kvsync.redis.tls.verify-hostname", "false"));

        assertThat(config.toString()).doesNotContain("trust-s3cret");
        try (KvStore store = provider.create(config)) {
            assertThat(store.toString())
                    .contains("trustedCertificates=" + TestTrust.caPem(), "trustStore=" + trustStore, "verifyHostname=false")
                    .doesNotContain("trust-s3cret");
        }
    }

    @Test
    void a_wrong_trust_store_password_setting_is_named_in_the_error(@TempDir Path directory) throws Exception {
        Path trustStore = TestTrust.pkcs12TrustStore(directory, "trust-s3cret");
        KvSyncConfig config = KvSyncConfig.of(Map.of(
                "kvsync.redis.uri", "rediss://127.0.0.1:1",
                "kvsync.redis.tls.trust-store", trustStore.toString(),
                "kvsync.redis.tls.trust-store-password", "not-it"));

        assertThatThrownBy(() -> provider.create(config))
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("kvsync.redis.tls.trust-store-password")
                .hasMessageNotContaining("not-it").hasMessageNotContaining("trust-s3cret");
    }

    @Test
    void a_trust_store_password_without_a_trust_store_is_refused() {
        KvSyncConfig config = KvSyncConfig.of(Map.of(
                "kvsync.redis.uri", "rediss://127.0.0.1:1",
                "kvsync.redis.tls.trust-store-password", "changeit"));

        assertThatThrownBy(() -> provider.create(config))
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("kvsync.redis.tls.trust-store-password is given without kvsync.redis.tls.trust-store");
    }

    @Test
    void the_engine_discovers_the_redis_store_and_replicates_through_it() {
        String prefix = RedisStores.uniquePrefix();
        try (KvSync kv = KvSync.builder()
                .property("kvsync.redis.uri", RedisServices.standaloneUri())
                .property("kvsync.redis.prefix", prefix)
                .property("kvsync.redis.expiration", "30m")
                .build()) {
            Note note = new Note("n1", "discovered");
            kv.sync(note);

            assertThat(kv.fetchByKey(Note.class, "note:n1")).isEqualTo(Optional.of(note));
            assertThat(kv.stats().failed()).isZero();
        }
    }
}
