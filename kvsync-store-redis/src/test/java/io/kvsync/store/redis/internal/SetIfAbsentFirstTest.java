package io.kvsync.store.redis.internal;

import io.kvsync.spi.KvWrite;
import io.kvsync.store.redis.SetIfAbsent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which versioned puts go first as {@code SET … NX}, and what is left for the fencing once Redis answered. */
class SetIfAbsentFirstTest {

    private static final CommandEncoder ENCODER = new CommandEncoder("p:", null, java.time.Duration.ofMinutes(1));

    @Test
    void in_auto_a_rows_insert_goes_first_and_an_update_of_a_small_batch_does_not() {
        SetIfAbsentFirst policy = new SetIfAbsentFirst(SetIfAbsent.AUTO);
        List<StoreCommand> batch = ENCODER.encode(List.of(insert("a", 100), update("b", 100), unversioned("c"), delete("d")));

        SetIfAbsentFirst.Split split = policy.split(batch);

        assertThat(keys(split.firstPuts())).containsExactly("p:a");
        assertThat(keys(split.rest(new boolean[] {true}))).containsExactly("p:b", "p:c", "p:d");
    }

    @Test
    void in_auto_a_small_batch_without_an_insert_goes_straight_to_the_fencing() {
        SetIfAbsentFirst policy = new SetIfAbsentFirst(SetIfAbsent.AUTO);

        assertThat(policy.split(ENCODER.encode(List.of(update("a", 5), update("b", 5), delete("c"))))).isNull();
    }

    @Test
    void a_put_that_met_a_held_key_goes_on_to_the_fencing_in_its_place_in_the_batch() {
        SetIfAbsentFirst policy = new SetIfAbsentFirst(SetIfAbsent.ALWAYS);
        List<StoreCommand> batch = ENCODER.encode(List.of(update("a", 1), unversioned("b"), update("c", 1), update("d", 1)));

        SetIfAbsentFirst.Split split = policy.split(batch);

        assertThat(keys(split.firstPuts())).containsExactly("p:a", "p:c", "p:d");
        assertThat(keys(split.rest(new boolean[] {false, true, false}))).containsExactly("p:a", "p:b", "p:d");
        assertThat(policy.counts()).containsExactly(1, 2);
    }

    @Test
    void a_key_written_twice_in_one_batch_keeps_both_writes_in_order_in_the_fencing() {
        SetIfAbsentFirst policy = new SetIfAbsentFirst(SetIfAbsent.ALWAYS);
        List<StoreCommand> batch = ENCODER.encode(List.of(insert("a", 1), insert("b", 1), insert("a", 2)));

        SetIfAbsentFirst.Split split = policy.split(batch);

        assertThat(keys(split.firstPuts())).containsExactly("p:b");
        assertThat(keys(split.rest(new boolean[] {true}))).containsExactly("p:a", "p:a");
    }

    @Test
    void never_sends_nothing_first_even_for_inserts() {
        SetIfAbsentFirst policy = new SetIfAbsentFirst(SetIfAbsent.NEVER);

        assertThat(policy.split(ENCODER.encode(List.of(insert("a", 1))))).isNull();
        assertThat(policy.split(ENCODER.encode(updates(0, 20)))).isNull();
    }

    @Test
    void in_auto_a_large_batch_goes_first_until_one_finds_most_keys_held_then_one_in_sixteen_tries_again() {
        SetIfAbsentFirst policy = new SetIfAbsentFirst(SetIfAbsent.AUTO);

        SetIfAbsentFirst.Split fresh = policy.split(ENCODER.encode(updates(0, SetIfAbsentFirst.LARGE_BATCH)));
        assertThat(fresh.firstPuts()).hasSize(SetIfAbsentFirst.LARGE_BATCH);
        fresh.rest(answers(SetIfAbsentFirst.LARGE_BATCH, SetIfAbsentFirst.LARGE_BATCH / 2));

        SetIfAbsentFirst.Split half = policy.split(ENCODER.encode(updates(100, SetIfAbsentFirst.LARGE_BATCH)));
        assertThat(half).as("half of the keys were empty: still likely").isNotNull();
        half.rest(answers(SetIfAbsentFirst.LARGE_BATCH, SetIfAbsentFirst.LARGE_BATCH / 2 - 1));

        int straight = 0;
        SetIfAbsentFirst.Split probe = null;
        while (probe == null) {
            probe = policy.split(ENCODER.encode(updates(200, SetIfAbsentFirst.LARGE_BATCH)));
            if (probe == null) {
                straight++;
            }
        }
        assertThat(straight).isEqualTo(SetIfAbsentFirst.PROBE_EVERY - 1);
        probe.rest(answers(SetIfAbsentFirst.LARGE_BATCH, SetIfAbsentFirst.LARGE_BATCH));

        assertThat(policy.split(ENCODER.encode(updates(300, SetIfAbsentFirst.LARGE_BATCH))))
                .as("the probe found the keys empty again").isNotNull();
    }

    @Test
    void a_probe_sends_a_sample_of_a_large_batch_first_and_the_rest_straight_to_the_fencing() {
        SetIfAbsentFirst policy = new SetIfAbsentFirst(SetIfAbsent.AUTO);
        policy.split(ENCODER.encode(updates(0, SetIfAbsentFirst.LARGE_BATCH))).rest(answers(SetIfAbsentFirst.LARGE_BATCH, 0));
        for (int i = 1; i < SetIfAbsentFirst.PROBE_EVERY; i++) {
            assertThat(policy.split(ENCODER.encode(updates(0, 200)))).isNull();
        }

        SetIfAbsentFirst.Split probe = policy.split(ENCODER.encode(updates(0, 200)));

        assertThat(probe.firstPuts()).hasSize(SetIfAbsentFirst.PROBE_SAMPLE);
        assertThat(keys(probe.firstPuts())).startsWith("p:k0", "p:k1");
        assertThat(probe.rest(answers(SetIfAbsentFirst.PROBE_SAMPLE, SetIfAbsentFirst.PROBE_SAMPLE)))
                .hasSize(200 - SetIfAbsentFirst.PROBE_SAMPLE);
        assertThat(policy.split(ENCODER.encode(updates(300, 200))).firstPuts()).as("the sample found new keys").hasSize(200);
    }

    @Test
    void a_large_batch_of_inserts_while_keys_are_held_sends_only_its_inserts_and_learns_nothing_from_them() {
        SetIfAbsentFirst policy = new SetIfAbsentFirst(SetIfAbsent.AUTO);
        policy.split(ENCODER.encode(updates(0, SetIfAbsentFirst.LARGE_BATCH))).rest(answers(SetIfAbsentFirst.LARGE_BATCH, 0));
        List<KvWrite> mixed = new ArrayList<>(updates(100, SetIfAbsentFirst.LARGE_BATCH));
        mixed.add(insert("new", 7));

        SetIfAbsentFirst.Split split = policy.split(ENCODER.encode(mixed));

        assertThat(keys(split.firstPuts())).containsExactly("p:new");
        split.rest(new boolean[] {true});
        assertThat(policy.split(ENCODER.encode(updates(200, SetIfAbsentFirst.LARGE_BATCH))))
                .as("still held: a written insert does not count as a large batch's answer").isNull();
    }

    private static List<KvWrite> updates(int from, int count) {
        List<KvWrite> writes = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            writes.add(update("k" + i, 3));
        }
        return writes;
    }

    /** {@code written} of {@code count} answers true, the first ones. */
    private static boolean[] answers(int count, int written) {
        boolean[] answers = new boolean[count];
        Arrays.fill(answers, 0, written, true);
        return answers;
    }

    private static KvWrite insert(String key, long stamp) {
        return new KvWrite.Put(key, bytes(key), null, 0, KvWrite.Claim.ofInsert("T:" + key, stamp));
    }

    private static KvWrite update(String key, long version) {
        return new KvWrite.Put(key, bytes(key), null, version, new KvWrite.Claim("T:" + key, 200, 100));
    }

    private static KvWrite unversioned(String key) {
        return KvWrite.Put.of(key, bytes(key));
    }

    private static KvWrite delete(String key) {
        return new KvWrite.Delete(key, 4, new KvWrite.Claim("T:" + key, 300, 100));
    }

    private static List<String> keys(List<StoreCommand> commands) {
        return commands.stream().map(command -> new String(command.key(), StandardCharsets.UTF_8)).toList();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
