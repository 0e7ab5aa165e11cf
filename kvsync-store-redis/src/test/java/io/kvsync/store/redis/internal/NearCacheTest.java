package io.kvsync.store.redis.internal;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The near cache's bookkeeping, with a clock the test moves: what it keeps, what it drops, when it serves. */
class NearCacheTest {

    private static final String[] KEY = {"k"};

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private NearCache cache;

    @BeforeEach
    void trackingIsOn() {
        cache = new NearCache(100, now::get);
        cache.trackingOn(now.get());
    }

    @Test
    void an_answer_offered_under_an_untouched_ticket_is_served_afterwards_as_a_copy() {
        NearCache.Ticket ticket = cache.ticket(KEY);
        cache.offer(ticket, KEY, 0, bytes("v1"), -1);

        byte[] first = (byte[]) cache.lookup("k");
        first[0] = 'x';

        assertThat((byte[]) cache.lookup("k")).isEqualTo(bytes("v1"));
        assertThat(cache.hits()).isEqualTo(2);
    }

    @Test
    void an_absent_key_is_remembered_as_absent_and_an_empty_value_as_empty() {
        String[] keys = {"absent", "empty"};
        NearCache.Ticket ticket = cache.ticket(keys);
        cache.offer(ticket, keys, 0, null, -2);
        cache.offer(ticket, keys, 1, new byte[0], -1);

        assertThat(cache.lookup("absent")).isNull();
        assertThat(cache.lookup("empty")).isEqualTo(new byte[0]);
    }

    @Test
    void an_answer_whose_key_was_invalidated_after_the_ticket_is_not_kept() {
        NearCache.Ticket ticket = cache.ticket(KEY);
        cache.invalidate("k");
        cache.offer(ticket, KEY, 0, bytes("old"), -1);

        assertThat(cache.lookup("k")).isSameAs(NearCache.MISS);
    }

    @Test
    void an_answer_is_not_kept_when_everything_was_invalidated_after_the_ticket() {
        NearCache.Ticket ticket = cache.ticket(KEY);
        cache.invalidateAll();
        cache.offer(ticket, KEY, 0, bytes("old"), -1);

        assertThat(cache.lookup("k")).isSameAs(NearCache.MISS);
    }

    @Test
    void an_invalidation_of_another_key_does_not_spoil_an_answer() {
        NearCache.Ticket ticket = cache.ticket(KEY);
        String other = otherStripeThan("k");
        cache.invalidate(other);
        cache.offer(ticket, KEY, 0, bytes("v"), -1);

        assertThat((byte[]) cache.lookup("k")).isEqualTo(bytes("v"));
    }

    @Test
    void an_invalidation_drops_a_kept_entry() {
        cache.offer(cache.ticket(KEY), KEY, 0, bytes("v"), -1);
        long before = cache.invalidations();

        cache.invalidate("k");

        assertThat(cache.lookup("k")).isSameAs(NearCache.MISS);
        assertThat(cache.invalidations() - before).isEqualTo(1);
    }

    @Test
    void while_tracking_is_lost_nothing_is_served_or_kept_and_what_was_kept_is_gone() {
        cache.offer(cache.ticket(KEY), KEY, 0, bytes("v"), -1);

        cache.trackingLost();

        assertThat(cache.lookup("k")).isSameAs(NearCache.MISS);
        assertThat(cache.ticket(KEY)).isNull();
        cache.trackingOn(now.get());
        assertThat(cache.lookup("k")).isSameAs(NearCache.MISS);
    }

    @Test
    void a_read_that_began_before_tracking_was_lost_and_ends_after_it_is_back_is_not_kept() {
        NearCache.Ticket ticket = cache.ticket(KEY);
        cache.trackingLost();
        cache.trackingOn(now.get());

        cache.offer(ticket, KEY, 0, bytes("answered while untracked"), -1);

        assertThat(cache.lookup("k")).isSameAs(NearCache.MISS);
    }

    @Test
    void entries_are_served_only_while_a_heartbeat_proved_the_channel_within_the_liveness_window() {
        cache.offer(cache.ticket(KEY), KEY, 0, bytes("v"), -1);

        now.addAndGet(NearCache.LIVENESS - 1);
        assertThat((byte[]) cache.lookup("k")).isEqualTo(bytes("v"));

        now.addAndGet(1);
        assertThat(cache.lookup("k")).isSameAs(NearCache.MISS);
        assertThat(cache.ticket(KEY)).isNull();

        cache.proven(now.get());
        assertThat(cache.lookup("k")).as("the lapse emptied the cache").isSameAs(NearCache.MISS);
        cache.offer(cache.ticket(KEY), KEY, 0, bytes("v2"), -1);
        assertThat((byte[]) cache.lookup("k")).isEqualTo(bytes("v2"));
    }

    @Test
    void an_older_proof_arriving_late_does_not_move_the_proof_back() {
        long early = now.get();
        now.addAndGet(TimeUnit.SECONDS.toNanos(2));
        cache.proven(now.get());
        cache.proven(early);
        cache.offer(cache.ticket(KEY), KEY, 0, bytes("v"), -1);

        now.addAndGet(TimeUnit.SECONDS.toNanos(2));

        assertThat((byte[]) cache.lookup("k")).isEqualTo(bytes("v"));
    }

    @Test
    void an_entry_lives_no_longer_than_its_key_counted_from_before_the_question() {
        NearCache.Ticket ticket = cache.ticket(KEY);
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(30));
        cache.offer(ticket, KEY, 0, bytes("v"), 100);
        cache.proven(now.get());

        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(69));
        assertThat((byte[]) cache.lookup("k")).isEqualTo(bytes("v"));

        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        assertThat(cache.lookup("k")).isSameAs(NearCache.MISS);
    }

    @Test
    void a_value_and_a_time_to_live_that_disagree_are_not_kept() {
        String[] keys = {"vanished", "appeared", "expiring"};
        NearCache.Ticket ticket = cache.ticket(keys);
        cache.offer(ticket, keys, 0, bytes("v"), -2);
        cache.offer(ticket, keys, 1, null, -1);
        cache.offer(ticket, keys, 2, bytes("v"), 0);

        for (String key : keys) {
            assertThat(cache.lookup(key)).as(key).isSameAs(NearCache.MISS);
        }
    }

    @Test
    void the_least_recently_used_keys_go_beyond_the_bound() {
        NearCache small = new NearCache(10, now::get);
        small.trackingOn(now.get());
        for (int i = 0; i < 200; i++) {
            String[] keys = {"k" + i};
            small.offer(small.ticket(keys), keys, 0, bytes("v"), -1);
        }

        assertThat(small.size()).isLessThanOrEqualTo(10);
    }

    private static String otherStripeThan(String key) {
        NearCache probe = new NearCache(10, () -> 0L);
        probe.trackingOn(0L);
        for (int i = 0; ; i++) {
            String candidate = "other-" + i;
            NearCache.Ticket ticket = probe.ticket(key);
            probe.invalidate(candidate);
            probe.offer(ticket, new String[] {key}, 0, bytes("v"), -1);
            if (probe.lookup(key) != NearCache.MISS) {
                return candidate;
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
