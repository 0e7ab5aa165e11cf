package io.kvsync.spring.boot.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Node;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SpringDataRedisSettingsTest {

    @Test
    void a_cluster_becomes_the_cluster_s_seed_nodes() {
        DataRedisConnectionDetails details = new DataRedisConnectionDetails() {
            @Override
            public Cluster getCluster() {
                return () -> List.of(new Node("10.0.0.1", 7000), new Node("10.0.0.2", 7001));
            }

            @Override
            public String getPassword() {
                return "secret";
            }
        };
        assertThat(SpringDataRedisSettings.of(details, true))
                .containsEntry("kvsync.redis.cluster", "true")
                .containsEntry("kvsync.redis.uris", "rediss://10.0.0.1:7000,rediss://10.0.0.2:7001")
                .containsEntry("kvsync.redis.password", "secret")
                .doesNotContainKey("kvsync.redis.uri");
    }

    @Test
    void sentinel_becomes_a_sentinel_uri_with_the_sentinels_own_password_in_it() {
        DataRedisConnectionDetails details = new DataRedisConnectionDetails() {
            @Override
            public Sentinel getSentinel() {
                return new Sentinel() {
                    @Override
                    public int getDatabase() {
                        return 2;
                    }

                    @Override
                    public String getMaster() {
                        return "mymaster";
                    }

                    @Override
                    public List<Node> getNodes() {
                        return List.of(new Node("s1", 26379), new Node("s2", 26380));
                    }

                    @Override
                    public String getUsername() {
                        return null;
                    }

                    @Override
                    public String getPassword() {
                        return "p@ss";
                    }
                };
            }
        };
        assertThat(SpringDataRedisSettings.of(details, false))
                .containsEntry("kvsync.redis.uri", "redis-sentinel://:p%40ss@s1:26379,s2:26380/2#mymaster")
                .doesNotContainKey("kvsync.redis.password");
    }

    @Test
    void tls_is_recognised_by_a_rediss_url_as_well_as_by_an_ssl_bundle() {
        DataRedisConnectionDetails plain = new DataRedisConnectionDetails() {
        };
        assertThat(SpringDataRedisSettings.usesTls(plain, "rediss://cache:6380")).isTrue();
        assertThat(SpringDataRedisSettings.usesTls(plain, "redis://cache:6379")).isFalse();
        assertThat(SpringDataRedisSettings.usesTls(plain, null)).isFalse();
    }
}
