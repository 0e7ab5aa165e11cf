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

    @Test
    void a_versioned_put_supersedes_only_an_older_version() {
        KvWrite put5 = new KvWrite.Put("k", new byte[0], null, 5);
        assertThat(put5.supersedes(4, false)).isTrue();
        assertThat(put5.supersedes(5, false)).isFalse();
        assertThat(put5.supersedes(5, true)).as("over a tombstone of its own version").isFalse();
        assertThat(put5.supersedes(6, true)).isFalse();
        assertThat(put5.supersedes(KvWrite.UNVERSIONED, false)).isTrue();
    }

    @Test
    void a_versioned_delete_also_supersedes_a_value_of_its_own_version() {
        KvWrite delete5 = new KvWrite.Delete("k", 5);
        assertThat(delete5.supersedes(5, false)).isTrue();
        assertThat(delete5.supersedes(5, true)).isFalse();
        assertThat(delete5.supersedes(6, false)).isFalse();
    }

    @Test
    void an_unversioned_write_supersedes_anything() {
        assertThat(KvWrite.Delete.of("k").supersedes(9, true)).isTrue();
        assertThat(KvWrite.Put.of("k", new byte[0]).supersedes(9, false)).isTrue();
    }
}
