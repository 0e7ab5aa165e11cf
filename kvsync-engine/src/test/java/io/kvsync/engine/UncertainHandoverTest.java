package io.kvsync.engine;

import io.kvsync.api.KvSyncUncertainOrderException;
import io.kvsync.api.SyncReport;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;
import io.kvsync.spi.UncertainOrders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key passed between rows of two instances whose stamps are closer than {@code kvsync.clock-skew} is
 * reported through the callback with a {@link KvSyncUncertainOrderException}; hand-overs within one
 * instance, or further apart, are not. Both instances run in this JVM, so one of them reaches the store
 * through {@link OtherInstance}, which gives its claims another origin, as another JVM's clock would.
 */
class UncertainHandoverTest {

    private static final String EMAIL = "member:email:x@y";

    private final KvStore store = Engines.memoryStore();
    private final List<SyncReport> firstReports = Engines.reports();
    private final List<SyncReport> secondReports = Engines.reports();
    private final KvSync first = Engines.builder(new Unclosed(store), firstReports).clockSkew(Duration.ofSeconds(5)).build();
    private final KvSync second = Engines.builder(new OtherInstance(new Unclosed(store)), secondReports)
            .clockSkew(Duration.ofSeconds(5)).build();

    @AfterEach
    void close() {
        first.close();
        second.close();
    }

    private static List<KvSyncUncertainOrderException> uncertain(List<SyncReport> reports) {
        return reports.stream().map(SyncReport::error).filter(KvSyncUncertainOrderException.class::isInstance)
                .map(KvSyncUncertainOrderException.class::cast).toList();
    }

    /** Row A, written by {@code from}, gives the email up; row B, written by {@code to}, takes it at once. */
    private static void handOver(KvSync from, KvSync to) {
        Member a = new Member(1, 3, "x@y", "A");
        from.sync(Change.insert(a));
        from.delete(a);
        to.sync(Change.insert(new Member(2, 0, "x@y", "B")));
    }

    @Test
    void a_key_taken_by_another_instances_row_moments_later_is_reported_as_uncertain() {
        handOver(first, second);

        assertThat(first.fetchByKey(Member.class, EMAIL)).map(m -> m.name).contains("B");
        assertThat(uncertain(firstReports)).isEmpty();
        assertThat(uncertain(secondReports)).singleElement().satisfies(error -> assertThat(error.getMessage())
                .contains("\"" + EMAIL + "\"", Member.class.getName(), "key name \"email\"", "applied",
                        "io.kvsync.engine.Member:2", "kvsync.clock-skew", "reconcile"));
        assertThat(second.stats().conflicts()).isEqualTo(1);
    }

    @Test
    void hand_overs_within_one_instance_are_certain_and_not_reported() {
        handOver(first, first);

        assertThat(first.fetchByKey(Member.class, EMAIL)).map(m -> m.name).contains("B");
        assertThat(uncertain(firstReports)).isEmpty();
    }

    @Test
    void a_clock_skew_of_zero_reports_nothing() {
        try (KvSync quiet = Engines.builder(new OtherInstance(new Unclosed(store)), secondReports)
                .clockSkew(Duration.ZERO).build()) {
            handOver(first, quiet);
        }
        assertThat(uncertain(secondReports)).isEmpty();
    }

    /** Leaves the shared store open when an engine closes. */
    private static final class Unclosed extends TestStores.Forwarding {
        Unclosed(KvStore delegate) {
            super(delegate);
        }

        @Override
        public void write(List<KvWrite> writes, UncertainOrders uncertain) {
            delegate.write(writes, uncertain);
        }

        @Override
        public void close() {
        }
    }

    /**
     * Gives every claim another origin, as another JVM's clock would, and tells the engine of the writes it
     * was given (not the rewritten ones), as a store tells of the writes in its batch.
     */
    private static final class OtherInstance extends TestStores.Forwarding {
        private static final int OTHER_ORIGIN = 0x0DD0;

        OtherInstance(KvStore delegate) {
            super(delegate);
        }

        @Override
        public void write(List<KvWrite> writes) {
            write(writes, UncertainOrders.NONE);
        }

        @Override
        public void write(List<KvWrite> writes, UncertainOrders uncertain) {
            Map<KvWrite, KvWrite> original = new IdentityHashMap<>();
            List<KvWrite> rewritten = new ArrayList<>(writes.size());
            for (KvWrite write : writes) {
                KvWrite other = fromOtherInstance(write);
                original.put(other, write);
                rewritten.add(other);
            }
            delegate.write(rewritten, new UncertainOrders() {
                @Override
                public long windowMicros() {
                    return uncertain.windowMicros();
                }

                @Override
                public void report(KvWrite write, KvWrite.Claim other, boolean applied) {
                    uncertain.report(original.get(write), other, applied);
                }
            });
        }

        private static KvWrite fromOtherInstance(KvWrite write) {
            if (write.claim() == null) {
                return write;
            }
            KvWrite.Claim claim = write.claim().from(OTHER_ORIGIN);
            return write instanceof KvWrite.Put put ? put.withClaim(claim) : ((KvWrite.Delete) write).withClaim(claim);
        }

        @Override
        public Map<String, byte[]> read(Collection<String> keys) {
            return delegate.read(keys);
        }
    }
}
