package io.kvsync.store.hazelcast.internal;

import io.kvsync.spi.KvWrite;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class EnvelopeTest {

    @Test
    void a_value_keeps_its_version_and_bytes() {
        Envelope envelope = Envelope.parse(Envelope.value(42, "abc".getBytes(StandardCharsets.UTF_8)));

        assertThat(envelope).isNotNull();
        assertThat(envelope.isTombstone()).isFalse();
        assertThat(envelope.version()).isEqualTo(42);
        assertThat(envelope.copyOfValue()).asString(StandardCharsets.UTF_8).isEqualTo("abc");
    }

    @Test
    void an_unversioned_empty_value_round_trips() {
        Envelope envelope = Envelope.parse(Envelope.value(KvWrite.UNVERSIONED, new byte[0]));

        assertThat(envelope).isNotNull();
        assertThat(envelope.version()).isEqualTo(KvWrite.UNVERSIONED);
        assertThat(envelope.copyOfValue()).isEmpty();
    }

    @Test
    void a_tombstone_keeps_its_version() {
        Envelope envelope = Envelope.parse(Envelope.tombstone(-7));

        assertThat(envelope).isNotNull();
        assertThat(envelope.isTombstone()).isTrue();
        assertThat(envelope.version()).isEqualTo(-7);
    }

    @Test
    void the_value_is_copied_in_and_out() {
        byte[] value = {1, 2, 3};
        byte[] stored = Envelope.value(1, value);
        value[0] = 9;
        byte[] read = Envelope.parse(stored).copyOfValue();
        read[1] = 9;

        assertThat(Envelope.parse(stored).copyOfValue()).containsExactly(1, 2, 3);
    }

    @Test
    void bytes_not_written_by_the_store_are_not_an_envelope() {
        assertThat(Envelope.parse(null)).isNull();
        assertThat(Envelope.parse(new byte[0])).isNull();
        assertThat(Envelope.parse("plain text value".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(Envelope.parse(new byte[] {'k', 1, 0, 0})).as("too short").isNull();
        byte[] tombstoneWithPayload = new byte[Envelope.HEADER_BYTES + 1];
        System.arraycopy(Envelope.tombstone(1), 0, tombstoneWithPayload, 0, Envelope.HEADER_BYTES);
        assertThat(Envelope.parse(tombstoneWithPayload)).isNull();
    }

    @Test
    void a_claimed_value_keeps_its_claim_version_and_bytes() {
        KvWrite.Claim claim = new KvWrite.Claim("Customer:\ud800lone", 1_700_000_000_000_001L, 1_600_000_000_000_000L);

        Envelope envelope = Envelope.parse(Envelope.value(4, claim, new byte[] {7, 8}));

        assertThat(envelope.held()).isEqualTo(new KvWrite.Held(4, false, claim));
        assertThat(envelope.copyOfValue()).containsExactly(7, 8);
    }

    @Test
    void a_claimed_tombstone_keeps_its_claim_and_has_no_value() {
        KvWrite.Claim claim = KvWrite.Claim.ofInsert("Order:7", 99);

        Envelope envelope = Envelope.parse(Envelope.tombstone(0, claim));

        assertThat(envelope.held()).isEqualTo(new KvWrite.Held(0, true, claim));
        assertThat(envelope.copyOfValue()).isEmpty();
    }

    @Test
    void a_claimed_envelope_cut_inside_its_owner_is_not_an_envelope() {
        byte[] whole = Envelope.tombstone(1, KvWrite.Claim.ofInsert("Customer:42", 5));

        assertThat(Envelope.parse(java.util.Arrays.copyOf(whole, whole.length - 1))).isNull();
        assertThat(Envelope.parse(java.util.Arrays.copyOf(whole, Envelope.CLAIMED_HEADER_BYTES - 1))).isNull();
    }
}
