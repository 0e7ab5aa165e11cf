package io.kvsync.it.topology;

import io.kvsync.api.KvStoreException;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;
import io.kvsync.store.redis.RedisClientLibrary;
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
 * The store reaches a TLS-only port by {@code rediss://}, with either client library, and fails rather
 * than falling back when TLS is not what was asked for or the server's certificate is not trusted.
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
    void a_versioned_round_trip_over_rediss_reaches_the_tls_server(RedisClientLibrary library) {
        String prefix = TopologyStores.uniquePrefix();
        TlsRedis.Trust trust = redis.trustItsCa();
        try (KvStore store = TopologyStores.builder(library, redis.uri()).prefix(prefix).build()) {
            TopologyStores.versionedRoundTrip(store, "order:1");
        } finally {
            trust.close();
        }
        // Checked on the same server's plain port: the writes landed on the TLS server, not elsewhere.
        try (Jedis plain = new Jedis("127.0.0.1", redis.process().port())) {
            assertThat(plain.exists(prefix + "order:1")).as("the key on the server behind the TLS port").isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(RedisClientLibrary.class)
    void a_plain_redis_uri_to_the_tls_port_fails(RedisClientLibrary library) {
        String plainToTlsPort = "redis://127.0.0.1:" + redis.tlsPort();
        TlsRedis.Trust trust = redis.trustItsCa();
        try {
            assertThatThrownBy(() -> writeOnce(library, plainToTlsPort)).isInstanceOf(KvStoreException.class);
        } finally {
            trust.close();
        }
    }

    @ParameterizedTest
    @EnumSource(RedisClientLibrary.class)
    void a_server_certificate_the_jvm_does_not_trust_is_refused(RedisClientLibrary library) {
        assertThatThrownBy(() -> writeOnce(library, redis.uri()))
                .isInstanceOf(KvStoreException.class)
                .satisfies(e -> assertThat(causes(e)).as("the causes of %s", e).anyMatch(SSLException.class::isInstance));
    }

    private static void writeOnce(RedisClientLibrary library, String uri) {
        try (KvStore store = TopologyStores.builder(library, uri).prefix(TopologyStores.uniquePrefix()).build()) {
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
