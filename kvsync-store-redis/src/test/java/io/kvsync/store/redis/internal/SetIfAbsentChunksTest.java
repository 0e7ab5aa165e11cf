package io.kvsync.store.redis.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How the puts that go first are cut into {@code MSETNX} runs and single {@code SET … NX} commands. */
class SetIfAbsentChunksTest {

    @Test
    void unexpiring_puts_go_in_runs_of_at_most_the_cap_and_an_expiring_one_alone_in_order() {
        List<StoreCommand> puts = new ArrayList<>();
        for (int i = 0; i < SetIfAbsentChunks.MAX_KEYS + 3; i++) {
            puts.add(put("a" + i, 0));
        }
        puts.add(put("ttl", 5_000));
        puts.add(put("b0", 0));
        puts.add(put("b1", 0));

        List<List<StoreCommand>> chunks = SetIfAbsentChunks.of(puts);

        assertThat(chunks).extracting(List::size).containsExactly(SetIfAbsentChunks.MAX_KEYS, 3, 1, 2);
        assertThat(chunks.stream().flatMap(List::stream).toList()).isEqualTo(puts);
        assertThat(SetIfAbsentChunks.isMultiKey(chunks.get(2))).isFalse();
        assertThat(SetIfAbsentChunks.isMultiKey(chunks.get(3))).isTrue();
    }

    @Test
    void a_single_unexpiring_put_is_a_chunk_of_its_own() {
        List<List<StoreCommand>> chunks = SetIfAbsentChunks.of(List.of(put("ttl", 10), put("alone", 0)));

        assertThat(chunks).extracting(List::size).containsExactly(1, 1);
        assertThat(chunks).noneMatch(SetIfAbsentChunks::isMultiKey);
    }

    private static StoreCommand put(String key, long ttlMillis) {
        return new StoreCommand(StoreCommand.Kind.FENCED, key.getBytes(StandardCharsets.UTF_8), new byte[] {1}, ttlMillis);
    }
}
