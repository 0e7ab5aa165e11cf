package io.kvsync.store.hazelcast.internal;

import io.kvsync.spi.KvWrite;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PlainPutsTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static KvWrite put(String value) {
        return new KvWrite.Put("k", bytes(value), null, KvWrite.UNVERSIONED, null);
    }

    @Test
    void unversioned_unexpiring_puts_are_plain_and_the_last_one_is_stored_as_the_processor_would() {
        byte[] envelope = PlainPuts.envelopeOf(List.of(put("first"), put("last")));

        assertThat(envelope).isEqualTo(Envelope.value(KvWrite.UNVERSIONED, null, bytes("last")));
        assertThat(Envelope.parse(envelope).copyOfValue()).isEqualTo(bytes("last"));
    }

    @Test
    void a_versioned_write_an_expiring_put_or_a_last_delete_needs_the_processor() {
        KvWrite versioned = new KvWrite.Put("k", bytes("v"), null, 3, null);
        KvWrite expiring = new KvWrite.Put("k", bytes("v"), Duration.ofSeconds(5), KvWrite.UNVERSIONED, null);
        KvWrite delete = new KvWrite.Delete("k", KvWrite.UNVERSIONED, null);

        assertThat(PlainPuts.envelopeOf(List.of(versioned))).isNull();
        assertThat(PlainPuts.envelopeOf(List.of(versioned, put("later")))).as("a fenced write earlier in the batch").isNull();
        assertThat(PlainPuts.envelopeOf(List.of(expiring))).isNull();
        assertThat(PlainPuts.envelopeOf(List.of(put("v"), delete))).isNull();
    }
}
