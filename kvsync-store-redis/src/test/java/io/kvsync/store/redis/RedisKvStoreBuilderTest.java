package io.kvsync.store.redis;

import io.kvsync.api.KvSyncConfigurationException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
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

    @Test
    void a_missing_trusted_certificates_file_fails_the_build_naming_the_setting_and_the_path(@TempDir Path directory) {
        Path missing = directory.resolve("no-such-ca.pem");

        assertThatThrownBy(() -> tlsStore().trustedCertificates(missing).build())
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("kvsync.redis.tls.trusted-certificates")
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void a_trusted_certificates_file_without_a_certificate_fails_the_build(@TempDir Path directory) throws Exception {
        Path notACertificate = Files.writeString(directory.resolve("ca.pem"), "just some text\n", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> tlsStore().trustedCertificates(notACertificate).build())
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageStartingWith("RedisKvStore trustedCertificates (setting kvsync.redis.tls.trusted-certificates)"
                        + " must name a file of PEM CA certificates but was " + notACertificate + ", which holds no");
    }

    @Test
    void a_trust_store_opened_with_the_wrong_password_fails_the_build_without_showing_a_password(@TempDir Path directory)
            throws Exception {
        Path trustStore = TestTrust.pkcs12TrustStore(directory, "right-password");

        assertThatThrownBy(() -> tlsStore().trustStore(trustStore, "wrong-password".toCharArray()).build())
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("kvsync.redis.tls.trust-store-password")
                .hasMessageContaining(trustStore.toString())
                .hasMessageContaining("wrong password")
                .hasMessageNotContaining("right-password").hasMessageNotContaining("wrong-password");
    }

    @Test
    void a_file_that_is_not_a_trust_store_fails_the_build(@TempDir Path directory) throws Exception {
        Path notAStore = Files.writeString(directory.resolve("truststore.p12"), "not a key store", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> tlsStore().trustStore(notAStore, "secret".toCharArray()).build())
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("kvsync.redis.tls.trust-store")
                .hasMessageContaining(notAStore.toString());
    }

    @Test
    void a_pem_file_and_a_trust_store_are_read_and_named_in_the_description(@TempDir Path directory) throws Exception {
        Path trustStore = TestTrust.pkcs12TrustStore(directory, "changeit");

        try (RedisKvStore store = tlsStore().trustedCertificates(TestTrust.caPem())
                .trustStore(trustStore, "changeit".toCharArray()).verifyHostname(false).build()) {
            assertThat(store.toString())
                    .contains("trustedCertificates=" + TestTrust.caPem(), "trustStore=" + trustStore, "verifyHostname=false")
                    .doesNotContain("changeit");
        }
    }

    @Test
    void trust_settings_with_a_plain_redis_uri_are_refused() {
        assertThatThrownBy(() -> RedisKvStore.builder().uri("redis://127.0.0.1:1")
                .trustedCertificates(TestTrust.caPem()).build())
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("kvsync.redis.tls.trusted-certificates")
                .hasMessageContaining("no rediss:// URI");
    }

    @Test
    void trust_settings_with_an_application_client_are_refused() {
        RedisClient lettuce = RedisClient.create();
        try {
            assertThatThrownBy(() -> RedisKvStore.builder().client(lettuce).trustedCertificates(TestTrust.caPem()).build())
                    .isInstanceOf(KvSyncConfigurationException.class)
                    .hasMessageContaining("a client brings its own TLS options");
        } finally {
            lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** A TLS store on a port where nothing listens: build() reads the trust files, then connects lazily. */
    private static RedisKvStoreBuilder tlsStore() {
        return RedisKvStore.builder().uri("rediss://127.0.0.1:1").connectTimeout(Duration.ofMillis(200));
    }
}
