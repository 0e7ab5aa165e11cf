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

    @Test
    void the_puts_of_a_refused_run_are_asked_again_one_by_one_and_each_gets_its_own_answer() {
        List<StoreCommand> puts = List.of(put("a", 0), put("held", 0), put("b", 0), put("ttl", 10));
        List<List<List<StoreCommand>>> sent = new ArrayList<>();

        boolean[] written = SetIfAbsentChunks.setIfAbsent(puts, chunks -> {
            sent.add(chunks);
            boolean[] answers = new boolean[chunks.size()];
            for (int i = 0; i < answers.length; i++) {
                answers[i] = chunks.get(i).stream().noneMatch(put -> new String(put.key(), StandardCharsets.UTF_8).equals("held"));
            }
            return answers;
        });

        assertThat(written).containsExactly(true, false, true, true);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0)).extracting(List::size).containsExactly(3, 1);
        assertThat(sent.get(1)).extracting(List::size).containsExactly(1, 1, 1);
    }

    @Test
    void a_run_that_wrote_and_single_puts_that_were_refused_are_not_asked_again() {
        List<StoreCommand> puts = List.of(put("a", 0), put("b", 0), put("ttl", 10));
        List<Integer> rounds = new ArrayList<>();

        boolean[] written = SetIfAbsentChunks.setIfAbsent(puts, chunks -> {
            rounds.add(chunks.size());
            return new boolean[] {true, false};
        });

        assertThat(written).containsExactly(true, true, false);
        assertThat(rounds).containsExactly(2);
    }

    private static StoreCommand put(String key, long ttlMillis) {
        return new StoreCommand(StoreCommand.Kind.FENCED, key.getBytes(StandardCharsets.UTF_8), new byte[] {1}, ttlMillis);
    }
}
