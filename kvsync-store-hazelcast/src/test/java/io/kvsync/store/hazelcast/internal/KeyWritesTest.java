package io.kvsync.store.hazelcast.internal;

import io.kvsync.spi.KvWrite;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KeyWritesTest {

    private static final KvWrite PUT_A_5 = new KvWrite.Put("a", new byte[] {5}, null, 5);
    private static final KvWrite PUT_A_3 = new KvWrite.Put("a", new byte[] {3}, null, 3);
    private static final KvWrite DELETE_A = KvWrite.Delete.of("a");
    private static final KvWrite PUT_B = KvWrite.Put.of("b", new byte[] {1});
    private static final KvWrite DELETE_B_2 = new KvWrite.Delete("b", 2);

    @Test
    void groups_writes_by_key_in_order_of_first_appearance_keeping_their_order() {
        Map<String, List<KvWrite>> byKey = KeyWrites.of(List.of(PUT_B, PUT_A_5, DELETE_B_2, PUT_A_3));

        assertThat(byKey.keySet()).containsExactly("b", "a");
        assertThat(byKey.get("a")).containsExactly(PUT_A_5, PUT_A_3);
        assertThat(byKey.get("b")).containsExactly(PUT_B, DELETE_B_2);
    }

    @Test
    void drops_the_writes_before_a_keys_last_unversioned_write() {
        Map<String, List<KvWrite>> byKey = KeyWrites.of(List.of(PUT_A_5, DELETE_A, PUT_A_3));

        assertThat(byKey.get("a")).containsExactly(DELETE_A, PUT_A_3);
    }

    @Test
    void an_empty_batch_has_no_keys() {
        assertThat(KeyWrites.of(List.of())).isEmpty();
    }
}
