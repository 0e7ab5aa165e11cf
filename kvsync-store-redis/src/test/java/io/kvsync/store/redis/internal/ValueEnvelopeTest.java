package io.kvsync.store.redis.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValueEnvelopeTest {

    private static final byte[] JSON = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);

    @Test
    void an_unversioned_value_is_stored_as_its_own_bytes() {
        assertThat(ValueEnvelope.plain(JSON)).isSameAs(JSON);
        assertThat(ValueEnvelope.open(JSON)).isSameAs(JSON);
    }

    @Test
    void an_unversioned_value_that_starts_like_an_envelope_is_escaped_and_read_back_unchanged() {
        byte[] tricky = concat(ValueEnvelope.MAGIC, new byte[] {'T', 1, 2, 3});

        byte[] stored = ValueEnvelope.plain(tricky);

        assertThat(stored).isNotEqualTo(tricky);
        assertThat(ValueEnvelope.open(stored)).isEqualTo(tricky);
    }

    @Test
    void a_versioned_value_is_read_back_without_its_header() {
        assertThat(ValueEnvelope.open(ValueEnvelope.versioned(JSON, 42))).isEqualTo(JSON);
        assertThat(ValueEnvelope.open(ValueEnvelope.versioned(new byte[0], 1))).isEmpty();
    }

    @Test
    void a_tombstone_reads_as_absent() {
        assertThat(ValueEnvelope.open(ValueEnvelope.tombstone(7))).isNull();
    }

    @Test
    void version_bytes_sort_like_the_versions_themselves() {
        long[] ascending = {Long.MIN_VALUE + 1, -1_000_000_000_000L, -1, 0, 1, (1L << 53), (1L << 53) + 1, Long.MAX_VALUE};
        for (int i = 1; i < ascending.length; i++) {
            byte[] lower = versionBytes(ascending[i - 1]);
            byte[] higher = versionBytes(ascending[i]);
            assertThat(Arrays.compareUnsigned(lower, higher)).as("%d < %d", ascending[i - 1], ascending[i]).isNegative();
        }
    }

    @Test
    void an_envelope_of_an_unknown_kind_is_rejected_rather_than_returned_as_a_value() {
        byte[] unknown = concat(ValueEnvelope.MAGIC, new byte[] {'X', 0, 0, 0, 0, 0, 0, 0, 1});

        assertThatThrownBy(() -> ValueEnvelope.open(unknown))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown layout");
    }

    private static byte[] versionBytes(long version) {
        return Arrays.copyOfRange(ValueEnvelope.tombstone(version), ValueEnvelope.MAGIC.length + 1, ValueEnvelope.VERSIONED_HEADER);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
