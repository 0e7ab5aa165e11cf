package io.kvsync.store.redis.internal;

import io.kvsync.spi.KvWrite;
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

    @Test
    void a_claimed_value_is_read_back_without_its_header_and_keeps_its_claim() {
        KvWrite.Claim claim = new KvWrite.Claim("Customer:42", 1_700_000_000_000_123L, 1_600_000_000_000_000L);

        byte[] stored = ValueEnvelope.versioned(JSON, 3, claim);

        assertThat(ValueEnvelope.open(stored)).isEqualTo(JSON);
        assertThat(ValueEnvelope.held(stored)).isEqualTo(new KvWrite.Held(3, false, claim));
    }

    @Test
    void a_claimed_tombstone_reads_as_absent_and_keeps_its_claim() {
        KvWrite.Claim claim = KvWrite.Claim.ofInsert("Order:7", 99);

        byte[] stored = ValueEnvelope.tombstone(0, claim);

        assertThat(ValueEnvelope.open(stored)).isNull();
        assertThat(ValueEnvelope.held(stored)).isEqualTo(new KvWrite.Held(0, true, claim));
    }

    @Test
    void a_claimed_entry_keeps_its_version_where_an_unclaimed_one_does() {
        byte[] claimed = ValueEnvelope.versioned(JSON, 5, KvWrite.Claim.ofInsert("A:1", 8));
        byte[] plain = ValueEnvelope.versioned(JSON, 5);

        assertThat(Arrays.copyOfRange(claimed, 5, 13)).isEqualTo(Arrays.copyOfRange(plain, 5, 13));
    }

    @Test
    void owners_outside_ascii_and_lone_surrogates_survive_and_their_bytes_sort_like_code_points() {
        String[] ascending = {"A:1", "A:\u00e9", "A:\ud7ff", "A:\ud800", "A:\udc00", "A:\ue000", "A:\uffff", "A:\ud83d\ude00"};
        for (int i = 0; i < ascending.length; i++) {
            KvWrite.Claim claim = KvWrite.Claim.ofInsert(ascending[i], 1);
            assertThat(ValueEnvelope.held(ValueEnvelope.tombstone(1, claim)).claim()).isEqualTo(claim);
            if (i > 0) {
                KvWrite.Claim lower = KvWrite.Claim.ofInsert(ascending[i - 1], 1);
                assertThat(claim.commitsAfter(lower)).as("%s after %s", ascending[i], ascending[i - 1]).isTrue();
            }
        }
        for (int i = 1; i < ascending.length; i++) {
            byte[] lower = ownerBytes(ascending[i - 1]);
            byte[] higher = ownerBytes(ascending[i]);
            assertThat(Arrays.compareUnsigned(lower, higher)).as("%s < %s", ascending[i - 1], ascending[i]).isNegative();
        }
    }

    @Test
    void a_claimed_envelope_cut_short_is_rejected_rather_than_misread() {
        byte[] whole = ValueEnvelope.versioned(JSON, 1, KvWrite.Claim.ofInsert("Customer:42", 5));
        byte[] cut = Arrays.copyOf(whole, ValueEnvelope.CLAIMED_HEADER + 3);

        assertThatThrownBy(() -> ValueEnvelope.open(cut))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cut short");
    }

    private static byte[] versionBytes(long version) {
        return Arrays.copyOfRange(ValueEnvelope.tombstone(version), ValueEnvelope.MAGIC.length + 1, ValueEnvelope.VERSIONED_HEADER);
    }

    private static byte[] ownerBytes(String owner) {
        byte[] stored = ValueEnvelope.tombstone(1, KvWrite.Claim.ofInsert(owner, 1));
        return Arrays.copyOfRange(stored, ValueEnvelope.CLAIMED_HEADER, stored.length);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
