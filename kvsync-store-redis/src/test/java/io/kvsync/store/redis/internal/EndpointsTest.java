package io.kvsync.store.redis.internal;

import io.kvsync.api.KvSyncConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndpointsTest {

    @Test
    void describes_standalone_tls_and_sentinel_uris_with_the_user_name_and_the_password_masked() {
        assertThat(Endpoints.describe(Endpoints.parse(List.of("redis://user:s3cret@cache:6380/2"), "uri")))
                .isEqualTo("redis://user:****@cache:6380/2");
        assertThat(Endpoints.describe(Endpoints.parse(List.of("rediss://s3cret@cache"), "uri")))
                .isEqualTo("rediss://****@cache:6379");
        assertThat(Endpoints.describe(Endpoints.parse(List.of("redis://:s3cret@cache"), "uri")))
                .isEqualTo("redis://****@cache:6379");
        assertThat(Endpoints.describe(Endpoints.parse(List.of("redis-sentinel://s3cret@s1:26379,s2:26379#main"), "uri")))
                .isEqualTo("redis-sentinel://****@s1:26379,s2:26379#main");
    }

    @Test
    void describes_a_uri_without_credentials_without_user_info() {
        assertThat(Endpoints.describe(Endpoints.parse(List.of("redis://cache:6380"), "uri"))).isEqualTo("redis://cache:6380");
    }

    @Test
    void an_invalid_uri_is_named_without_its_password() {
        assertThatThrownBy(() -> Endpoints.parse(List.of("http://user:s3cret@host:6379"), "uri"))
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("http://****@host:6379")
                .hasMessageNotContaining("s3cret");
    }
}
