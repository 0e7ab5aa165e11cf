package io.kvsync.it.topology;

import io.kvsync.api.KvStoreException;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;
import io.kvsync.store.redis.RedisClientLibrary;
import io.kvsync.store.redis.RedisKvStoreBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;

import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The store reaches a TLS-only port by {@code rediss://}, with either client library, trusting a private CA
 * given by the store's own settings (a PEM file or a PKCS12 trust store), never by the JVM's; and it fails
 * rather than falling back when TLS is not what was asked for or the server's certificate is not trusted.
 */
class TlsRoundTripTest {

    private static TlsRedis redis;

    @BeforeAll
    static void startRedis() {
        redis = TlsRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @ParameterizedTest
    @EnumSource(RedisClientLibrary.class)
    void a_versioned_round_trip_trusting_the_ca_as_a_pem_file_reaches_the_tls_server(RedisClientLibrary library) {
        String prefix = TopologyStores.uniquePrefix();
        try (KvStore store = TopologyStores.builder(library, redis.uri())
                .trustedCertificates(redis.caCertificate()).prefix(prefix).build()) {
            TopologyStores.versionedRoundTrip(store, "order:1");
        }
        assertLandedOnTheTlsServer(redis, prefix + "order:1");
    }

    @ParameterizedTest
    @EnumSource(RedisClientLibrary.class)
    void a_versioned_round_trip_trusting_the_ca_in_a_pkcs12_trust_store_reaches_the_tls_server(RedisClientLibrary library) {
        String prefix = TopologyStores.uniquePrefix();
        try (KvStore store = TopologyStores.builder(library, redis.uri())
                .trustStore(redis.trustStore(), TlsRedis.TRUST_STORE_PASSWORD.toCharArray()).prefix(prefix).build()) {
            TopologyStores.versionedRoundTrip(store, "order:1");
        }
        assertLandedOnTheTlsServer(redis, prefix + "order:1");
    }

    @ParameterizedTest
    @EnumSource(RedisClientLibrary.class)
    void without_a_trust_setting_the_private_ca_is_not_trusted_and_the_connection_fails_with_an_ssl_error(
            RedisClientLibrary library) {
        assertThatThrownBy(() -> writeOnce(TopologyStores.builder(library, redis.uri())))
                .isInstanceOf(KvStoreException.class)
                .satisfies(e -> assertThat(causes(e)).as("the causes of %s", e).anyMatch(SSLException.class::isInstance));
    }

    @ParameterizedTest
    @EnumSource(RedisClientLibrary.class)
    void a_plain_redis_uri_to_the_tls_port_fails(RedisClientLibrary library) {
        String plainToTlsPort = "redis://127.0.0.1:" + redis.tlsPort();
        assertThatThrownBy(() -> writeOnce(TopologyStores.builder(library, plainToTlsPort)))
                .isInstanceOf(KvStoreException.class);
    }

    @ParameterizedTest
    @EnumSource(RedisClientLibrary.class)
    void a_trusted_certificate_for_another_host_name_is_refused_unless_host_name_verification_is_off(
            RedisClientLibrary library) {
        try (TlsRedis other = TlsRedis.startWithCertificateFor("redis.kvsync.invalid")) {
            assertThatThrownBy(() -> writeOnce(TopologyStores.builder(library, other.uri())
                    .trustedCertificates(other.caCertificate())))
                    .isInstanceOf(KvStoreException.class)
                    .satisfies(e -> assertThat(causes(e)).as("the causes of %s", e).anyMatch(SSLException.class::isInstance));

            String prefix = TopologyStores.uniquePrefix();
            try (KvStore store = TopologyStores.builder(library, other.uri()).trustedCertificates(other.caCertificate())
                    .verifyHostname(false).prefix(prefix).build()) {
                TopologyStores.versionedRoundTrip(store, "order:1");
            }
            assertLandedOnTheTlsServer(other, prefix + "order:1");
        }
    }

    /** Checked on the same server's plain port: the writes landed on the TLS server, not elsewhere. */
    private static void assertLandedOnTheTlsServer(TlsRedis server, String key) {
        try (Jedis plain = new Jedis("127.0.0.1", server.process().port())) {
            assertThat(plain.exists(key)).as("the key on the server behind the TLS port").isTrue();
        }
    }

    private static void writeOnce(RedisKvStoreBuilder builder) {
        try (KvStore store = builder.prefix(TopologyStores.uniquePrefix()).build()) {
            store.write(List.of(new KvWrite.Put("order:1", TopologyStores.bytes("v1"), null, 1)));
        }
    }

    private static List<Throwable> causes(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable cause = error; cause != null && !chain.contains(cause); cause = cause.getCause()) {
            chain.add(cause);
        }
        return chain;
    }
}
