package io.kvsync.engine;

import io.kvsync.api.KvSyncBackpressureException;
import io.kvsync.api.SyncReport;
import io.kvsync.spi.KvStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link KvSync#offer(Change, Duration)}: waits at most the given time for room, and answers {@code false}
 * rather than throwing when a write found none; the refused writes are counted, reported as failed, and their
 * change never settles ({@link Change#whenWritten}).
 *
 * <p>The queue is filled by a write held at a gated store, so that nothing drains until the test opens it; the
 * configured offer timeout is ten minutes, so that an offer that waited for it instead of its own timeout
 * would hang (and fail by the test's timeout) rather than pass.
 */
class OfferTest {

    private static final Duration CONFIGURED_OFFER_TIMEOUT = Duration.ofMinutes(10);

    private final List<SyncReport> reports = Engines.reports();
    private final KvStore memory = Engines.memoryStore();
    private final TestStores.Gated gated = new TestStores.Gated(memory);
    private final List<KvSync> engines = new ArrayList<>();

    @AfterEach
    void close() {
        gated.open();
        engines.forEach(KvSync::close);
    }

    /** One worker, room for {@code capacity} pending keys, the store shut until {@link TestStores.Gated#open()}. */
    private KvSync engine(int capacity) {
        KvSync kv = Engines.builder(gated, reports).workers(1).queueCapacity(capacity)
                .offerTimeout(CONFIGURED_OFFER_TIMEOUT).build();
        engines.add(kv);
        return kv;
    }

    /** Fills the queue of capacity 1 with a write of {@code counter:1} held at the gate. */
    private KvSync fullQueue() throws InterruptedException {
        KvSync kv = engine(1);
        kv.enqueue(new CoalescingTest.Counter(1, 1));
        gated.awaitBlockedWrite();
        return kv;
    }

    private List<SyncReport> failed() {
        return reports.stream().filter(report -> !report.ok()).toList();
    }

    @Test
    @Timeout(60) // far below the configured offer timeout: the offer must not wait for that one
    void offer_with_no_time_to_wait_on_a_full_queue_returns_false_counts_and_reports_the_write_and_never_settles_it()
            throws InterruptedException {
        KvSync kv = fullQueue();
        WhenWrittenProbe written = new WhenWrittenProbe();

        boolean offered = kv.offer(Change.put(new CoalescingTest.Counter(2, 2)).whenWritten(written.callback()),
                Duration.ZERO);

        assertThat(offered).isFalse();
        assertThat(kv.stats().rejected()).isEqualTo(1);
        assertThat(failed()).singleElement().satisfies(report -> {
            assertThat(report.key()).isEqualTo("counter:2");
            assertThat(report.error()).isInstanceOf(KvSyncBackpressureException.class)
                    .hasMessageContaining("counter:2");
        });

        gated.open();
        assertThat(kv.awaitIdle(Duration.ofSeconds(30))).isTrue();
        assertThat(memory.read(List.of("counter:1", "counter:2")).keySet()).containsExactly("counter:1");
        assertThat(written.runs()).isZero();
    }

    @Test
    @Timeout(60)
    void offer_with_no_time_to_wait_returns_true_when_there_is_room_and_the_change_settles_once_written()
            throws InterruptedException {
        KvSync kv = fullQueue();
        gated.open();
        assertThat(kv.awaitIdle(Duration.ofSeconds(30))).as("room again").isTrue();
        WhenWrittenProbe written = new WhenWrittenProbe(memory, List.of("counter:3"));

        assertThat(kv.offer(Change.put(new CoalescingTest.Counter(3, 3)).whenWritten(written.callback()),
                Duration.ZERO)).isTrue();

        written.awaitRun();
        assertThat(kv.awaitIdle(Duration.ofSeconds(30))).isTrue();
        assertThat(written.heldWhenRun()).containsExactly("counter:3");
        assertThat(written.runs()).isEqualTo(1);
        assertThat(kv.stats().rejected()).isZero();
        assertThat(failed()).isEmpty();
    }

    @Test
    @Timeout(60)
    void offer_of_a_key_already_pending_needs_no_room_on_a_full_queue() throws InterruptedException {
        KvSync kv = fullQueue();
        WhenWrittenProbe written = new WhenWrittenProbe();

        assertThat(kv.offer(Change.put(new CoalescingTest.Counter(1, 5)).whenWritten(written.callback()),
                Duration.ZERO)).isTrue();

        gated.open();
        written.awaitRun();
        assertThat(kv.awaitIdle(Duration.ofSeconds(30))).isTrue();
        assertThat(kv.fetchByKey(CoalescingTest.Counter.class, "counter:1")).map(c -> c.value).contains(5);
        assertThat(kv.stats().rejected()).isZero();
        assertThat(written.runs()).isEqualTo(1);
    }

    @Test
    @Timeout(60)
    void offer_that_finds_room_for_some_writes_only_returns_false_enqueues_the_others_and_never_settles_the_change()
            throws InterruptedException {
        KvSync kv = engine(3);
        kv.enqueue(new CoalescingTest.Counter(9, 9));
        gated.awaitBlockedWrite(); // one unit taken: room for two of the item's three keys
        WhenWrittenProbe written = new WhenWrittenProbe();
        Item item = new Item(1, "a", "three keys");
        List<String> keys = List.of("item:id:1", "item:uuid:a", "item:composite:1_a");

        assertThat(kv.offer(Change.put(item).whenWritten(written.callback()), Duration.ZERO)).isFalse();

        assertThat(kv.stats().rejected()).isEqualTo(1);
        String refused = failed().get(0).key();
        assertThat(failed()).singleElement().satisfies(report -> {
            assertThat(report.key()).isIn(keys);
            assertThat(report.error()).isInstanceOf(KvSyncBackpressureException.class);
        });
        gated.open();
        assertThat(kv.awaitIdle(Duration.ofSeconds(30))).isTrue();
        List<String> enqueued = new ArrayList<>(keys);
        enqueued.remove(refused);
        assertThat(memory.read(keys).keySet()).as("the writes that found room were written")
                .containsExactlyInAnyOrderElementsOf(enqueued);
        assertThat(written.runs()).as("a change with a refused write never settles").isZero();
    }

    @Test
    @Timeout(60)
    void an_interrupted_offer_refuses_only_the_writes_still_waiting_for_room_and_keeps_the_interrupt()
            throws InterruptedException {
        KvSync kv = engine(3);
        kv.enqueue(Change.put(new Item(1, "a", "first")).identity(1L));
        gated.awaitBlockedWrite(); // the item's three keys take all the room, held at the gate
        Item renamed = new Item(1, "b", "second");

        boolean offered;
        boolean stillInterrupted;
        Thread.currentThread().interrupt();
        try {
            // item:id:1 is pending and merges without room; the two new keys must wait, and meet the interrupt.
            offered = kv.offer(Change.put(renamed).identity(1L), Duration.ZERO);
        } finally {
            stillInterrupted = Thread.interrupted(); // read and cleared, so that it cannot leak past this test
        }

        assertThat(offered).isFalse();
        assertThat(stillInterrupted).as("the interrupt is kept for the caller").isTrue();
        assertThat(kv.stats().rejected()).isEqualTo(2);
        assertThat(failed()).as("only the writes that found no room are refused, not the one already admitted")
                .allSatisfy(report -> assertThat(report.error()).isInstanceOf(KvSyncBackpressureException.class))
                .extracting(SyncReport::key).containsExactlyInAnyOrder("item:uuid:b", "item:composite:1_b");

        gated.open();
        assertThat(kv.awaitIdle(Duration.ofSeconds(30))).isTrue();
        assertThat(kv.fetchByKey(Item.class, "item:id:1")).as("the admitted write was written").contains(renamed);
        assertThat(memory.read(List.of("item:uuid:b", "item:composite:1_b"))).as("the refused writes were not")
                .isEmpty();
        assertThat(failed()).hasSize(2);
    }

    @Test
    @Timeout(60)
    void offer_waits_up_to_its_timeout_for_room_and_takes_the_room_a_written_key_frees() throws Exception {
        KvSync kv = fullQueue();
        WhenWrittenProbe written = new WhenWrittenProbe();
        ExecutorService offering = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<Thread> offerer = new CompletableFuture<>();
            Future<Boolean> offered = offering.submit(() -> {
                offerer.complete(Thread.currentThread());
                return kv.offer(Change.put(new CoalescingTest.Counter(2, 2)).whenWritten(written.callback()),
                        Duration.ofSeconds(50));
            });
            Thread thread = offerer.get(30, TimeUnit.SECONDS);
            // Waiting for room: the only timed wait on the offering path.
            while (thread.getState() != Thread.State.TIMED_WAITING && !offered.isDone()) {
                Thread.onSpinWait();
            }
            assertThat(offered).as("still waiting for room").isNotDone();

            gated.open();

            assertThat(offered.get(30, TimeUnit.SECONDS)).isTrue();
            written.awaitRun();
            assertThat(kv.awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(kv.fetchByKey(CoalescingTest.Counter.class, "counter:2")).map(c -> c.value).contains(2);
            assertThat(kv.stats().rejected()).isZero();
            assertThat(written.runs()).isEqualTo(1);
        } finally {
            offering.shutdownNow();
        }
    }
}
