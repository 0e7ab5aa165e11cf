package io.kvsync.spi;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KvWriteTest {

    @Test
    void puts_with_equal_bytes_are_equal() {
        assertThat(KvWrite.Put.of("k", new byte[]{1, 2})).isEqualTo(KvWrite.Put.of("k", new byte[]{1, 2}))
                .hasSameHashCodeAs(KvWrite.Put.of("k", new byte[]{1, 2}));
        assertThat(KvWrite.Put.of("k", new byte[]{1, 2})).isNotEqualTo(KvWrite.Put.of("k", new byte[]{1, 3}));
    }

    @Test
    void a_blank_key_is_rejected() {
        assertThatThrownBy(() -> KvWrite.Delete.of(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KvWrite.Put.of(null, new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_ttl_must_be_positive() {
        assertThatThrownBy(() -> new KvWrite.Put("k", new byte[0], Duration.ZERO, KvWrite.UNVERSIONED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key k");
    }

    @Test
    void to_string_shows_the_size_not_the_bytes() {
        assertThat(new KvWrite.Put("k", new byte[300], null, 7).toString()).isEqualTo("Put[k, 300 bytes, ttl=null, version=7]");
        assertThat(KvWrite.Delete.of("k").versioned()).isFalse();
    }
}
