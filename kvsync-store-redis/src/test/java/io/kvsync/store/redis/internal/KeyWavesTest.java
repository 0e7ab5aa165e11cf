package io.kvsync.store.redis.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How a cluster write batch is cut so that no key has two commands in flight at once. */
class KeyWavesTest {

    @Test
    void a_batch_of_distinct_keys_is_one_wave_the_batch_itself() {
        List<StoreCommand> batch = List.of(set("a"), del("b"), set("c"));

        assertThat(KeyWaves.of(batch)).containsExactly(batch);
    }

    @Test
    void each_repeat_of_a_key_goes_one_wave_later_and_every_wave_keeps_the_batch_order() {
        StoreCommand putA = set("a");
        StoreCommand putB = set("b");
        StoreCommand deleteA = del("a");
        StoreCommand putC = set("c");
        StoreCommand putAAgain = set("a");
        StoreCommand deleteB = del("b");

        List<List<StoreCommand>> waves = KeyWaves.of(List.of(putA, putB, deleteA, putC, putAAgain, deleteB));

        assertThat(waves).hasSize(3);
        assertThat(waves.get(0)).containsExactly(putA, putB, putC);
        assertThat(waves.get(1)).containsExactly(deleteA, deleteB);
        assertThat(waves.get(2)).containsExactly(putAAgain);
    }

    @Test
    void a_single_command_is_one_wave() {
        List<StoreCommand> batch = List.of(set("a"));

        assertThat(KeyWaves.of(batch)).containsExactly(batch);
    }

    @Test
    void keys_are_compared_by_their_bytes_not_by_array_identity() {
        List<List<StoreCommand>> waves = KeyWaves.of(List.of(set("same"), del("same")));

        assertThat(waves).extracting(List::size).containsExactly(1, 1);
    }

    private static StoreCommand set(String key) {
        return new StoreCommand(StoreCommand.Kind.SET, bytes(key), bytes("value"), 0);
    }

    private static StoreCommand del(String key) {
        return new StoreCommand(StoreCommand.Kind.DEL, bytes(key), null, 0);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
