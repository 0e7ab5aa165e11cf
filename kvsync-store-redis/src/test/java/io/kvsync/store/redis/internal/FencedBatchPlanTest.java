package io.kvsync.store.redis.internal;

import io.kvsync.spi.KvWrite;
import io.kvsync.spi.UncertainOrders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FencedBatchPlanTest {

    private static final CommandEncoder ENCODER = new CommandEncoder("p:", null, Duration.ofMinutes(1));
    private static final byte[] VALUE = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

    @Test
    void each_key_is_read_once_in_the_order_of_its_first_write() {
        FencedBatchPlan plan = plan(put("b", 1), put("a", 1), put("b", 2));

        assertThat(plan.keys()).extracting(FencedBatchPlanTest::text).containsExactly("p:b", "p:a");
    }

    @Test
    void a_batch_is_cut_into_pieces_of_at_most_so_many_distinct_keys_a_repeated_key_not_counting_again() {
        List<FencedBatchPlan> pieces = FencedBatchPlan.cut(ENCODER.encode(List.of(put("a", 1), put("b", 1), put("a", 2),
                put("c", 1), put("d", 1), put("e", 1))), 0, 2);

        assertThat(pieces).extracting(FencedBatchPlan::size).containsExactly(3, 2, 1);
        assertThat(pieces).extracting(piece -> piece.keys().stream().map(FencedBatchPlanTest::text).toList())
                .containsExactly(List.of("p:a", "p:b"), List.of("p:c", "p:d"), List.of("p:e"));
    }

    @Test
    void a_versioned_put_applies_over_nothing_and_over_an_older_version_but_not_over_a_newer_one() {
        FencedBatchPlan plan = plan(put("absent", 1), put("older", 5), put("newer", 5));

        assertThat(plan.decide(held(null, ValueEnvelope.versioned(VALUE, 4), ValueEnvelope.versioned(VALUE, 6)))).isTrue();

        assertThat(plan.changes()).extracting(entry -> text(entry.key)).containsExactly("p:absent", "p:older");
        assertThat(plan.changes()).allSatisfy(entry -> assertThat(ValueEnvelope.open(entry.value)).isEqualTo(VALUE));
    }

    @Test
    void two_writes_of_one_key_are_decided_in_order_each_over_what_the_one_before_left() {
        FencedBatchPlan plan = plan(put("k", 3), put("k", 2), delete("k", 3));

        assertThat(plan.decide(held(ValueEnvelope.versioned(VALUE, 1)))).isTrue();

        // Version 3 applies, 2 is refused over it, and the delete of 3 removes the value of 3: a tombstone.
        assertThat(plan.changes()).singleElement().satisfies(entry -> {
            assertThat(ValueEnvelope.held(entry.value)).isEqualTo(new KvWrite.Held(3, true, null));
            assertThat(entry.ttlMillis).isEqualTo(Duration.ofMinutes(1).toMillis());
        });
    }

    @Test
    void a_key_taken_from_another_row_carries_the_stamp_of_the_write_that_took_it() {
        KvWrite.Claim theirs = new KvWrite.Claim("Customer:1", 100, 50);
        KvWrite.Claim mine = new KvWrite.Claim("Customer:2", 200, 10);
        FencedBatchPlan plan = plan(put("email", 1).withClaim(mine));

        assertThat(plan.decide(held(ValueEnvelope.versioned(VALUE, 7, theirs)))).isTrue();

        KvWrite.Held left = ValueEnvelope.held(plan.changes().get(0).value);
        assertThat(left.claim().owner()).isEqualTo("Customer:2");
        assertThat(left.claim().born()).isEqualTo(200);
    }

    @Test
    void a_write_of_a_row_from_before_its_current_incarnation_is_refused() {
        KvWrite.Claim current = new KvWrite.Claim("Customer:1", 300, 250);
        KvWrite.Claim earlier = new KvWrite.Claim("Customer:1", 200, 100);
        FencedBatchPlan plan = plan(put("id", 9).withClaim(earlier));

        assertThat(plan.decide(held(ValueEnvelope.versioned(VALUE, 1, current)))).isTrue();

        assertThat(plan.changes()).isEmpty();
    }

    @Test
    void unversioned_writes_apply_unconditionally_and_what_they_leave_is_what_the_next_write_meets() {
        FencedBatchPlan plan = plan(KvWrite.Delete.of("k"), put("k", 1), KvWrite.Put.of("other", VALUE));

        assertThat(plan.decide(held(ValueEnvelope.versioned(VALUE, 9), ValueEnvelope.versioned(VALUE, 9)))).isTrue();

        // The unversioned delete cleared version 9, so version 1 applies after it.
        assertThat(plan.changes()).extracting(entry -> ValueEnvelope.held(entry.value).version())
                .containsExactly(1L, KvWrite.UNVERSIONED);
    }

    @Test
    void a_held_value_of_an_unknown_layout_leaves_the_batch_to_the_script() {
        byte[] unknown = concat(ValueEnvelope.MAGIC, new byte[] {'X', 0, 0, 0, 0, 0, 0, 0, 1});
        FencedBatchPlan plan = plan(put("k", 2));

        assertThat(plan.decide(held(unknown))).isFalse();
    }

    @Test
    void a_hand_over_between_two_instances_closer_than_the_window_is_told_with_its_outcome() {
        KvWrite.Claim theirs = new KvWrite.Claim("Customer:1", 1_000, 0).from(1);
        KvWrite.Put won = put("a", 1).withClaim(new KvWrite.Claim("Customer:2", 1_500, 0).from(2));
        KvWrite.Put lost = put("b", 1).withClaim(new KvWrite.Claim("Customer:2", 600, 0).from(2));
        KvWrite.Put far = put("c", 1).withClaim(new KvWrite.Claim("Customer:2", 9_000, 0).from(2));
        FencedBatchPlan plan = whole(ENCODER.encode(List.of(won, lost, far), 1_000), 1_000);
        byte[] held = ValueEnvelope.versioned(VALUE, 1, theirs);
        List<String> told = new ArrayList<>();

        assertThat(plan.decide(held(held, held, held))).isTrue();
        plan.tell(new UncertainOrders() {
            @Override
            public long windowMicros() {
                return 1_000;
            }

            @Override
            public void report(KvWrite write, KvWrite.Claim other, boolean applied) {
                told.add(write.key() + (applied ? " applied" : " refused"));
            }
        });

        assertThat(told).containsExactly("a applied", "b refused");
    }

    private static KvWrite.Put put(String key, long version) {
        return new KvWrite.Put(key, VALUE, null, version);
    }

    private static KvWrite.Delete delete(String key, long version) {
        return new KvWrite.Delete(key, version);
    }

    private static FencedBatchPlan plan(KvWrite... writes) {
        return whole(ENCODER.encode(List.of(writes)), 0);
    }

    /** One plan for the whole batch, however many keys it has. */
    private static FencedBatchPlan whole(List<StoreCommand> commands, long windowMicros) {
        return FencedBatchPlan.cut(commands, windowMicros, Integer.MAX_VALUE).get(0);
    }

    private static List<byte[]> held(byte[]... values) {
        return Arrays.asList(values);
    }

    private static String text(byte[] key) {
        return new String(key, StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
