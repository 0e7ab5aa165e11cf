package io.kvsync.engine.internal;

import io.kvsync.api.KvSyncUncertainOrderException;
import io.kvsync.engine.CommitClock;
import io.kvsync.spi.KvWrite;
import io.kvsync.spi.UncertainOrders;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * What a store tells a worker, during one batch, of hand-overs between claims of two instances
 * stamped within the clock skew ({@link KvWrite#uncertainOrder}); once the store call has returned, each
 * is counted as a conflict, logged and reported for its pending write. One per worker, used by it alone
 * only.
 */
final class UncertainHandovers implements UncertainOrders {

    private static final System.Logger LOG = System.getLogger("io.kvsync.engine");

    private final long windowMicros;
    private List<Decision> decisions;

    UncertainHandovers(long windowMicros) {
        this.windowMicros = windowMicros;
    }

    private record Decision(KvWrite write, KvWrite.Claim other, boolean applied) {
    }

    @Override
    public long windowMicros() {
        return windowMicros;
    }

    @Override
    public void report(KvWrite write, KvWrite.Claim other, boolean applied) {
        if (decisions == null) {
            decisions = new ArrayList<>(2);
        }
        decisions.add(new Decision(write, other, applied));
    }

    /** Reports what the store told during the call that sent {@code batch}, and forgets it; no lock held. */
    void reportFor(List<PendingWrite> batch, EngineStats stats, Reporter reporter) {
        if (decisions == null) {
            return;
        }
        List<Decision> told = decisions;
        decisions = null;
        long now = System.nanoTime();
        for (Decision decision : told) {
            PendingWrite pending = sentAs(batch, decision.write());
            if (pending == null) {
                continue; // not a write of this batch: a store that reports what it was not given
            }
            KvSyncUncertainOrderException error = new KvSyncUncertainOrderException(describe(pending, decision));
            stats.conflicts.increment();
            LOG.log(Level.WARNING, error.getMessage());
            reporter.report(pending, error, now);
        }
    }

    private static PendingWrite sentAs(List<PendingWrite> batch, KvWrite write) {
        for (PendingWrite pending : batch) {
            if (pending.sent == write) {
                return pending;
            }
        }
        return null;
    }

    private String describe(PendingWrite pending, Decision decision) {
        KvWrite write = decision.write();
        KvWrite.Claim mine = write.claim();
        KvWrite.Claim other = decision.other();
        String otherText = other == null ? "a claim of another row, from another instance,"
                : other.owner() + " (stamp " + other.stamp() + ", instance " + Integer.toHexString(other.origin()) + ")";
        String what = (write instanceof KvWrite.Put ? "put of " : "retirement by ") + mine.owner() + " (stamp "
                + mine.stamp() + ", instance " + Integer.toHexString(mine.origin())
                + (mine.origin() == CommitClock.origin() ? ", this one" : "") + ")";
        return "the key \"" + write.key() + "\" (" + pending.entityType().getName() + ", key name \"" + pending.keyName
                + "\") passed between two rows whose claims two instances stamped less than the clock skew ("
                + windowMicros / 1000 + " ms, kvsync.clock-skew) apart: the store " + (decision.applied() ? "applied" : "refused")
                + " the " + what + " against " + otherText + " by stamp, but if the two clocks differ by more than"
                + " the stamps do, the key may hold the row that gave it up. It is repaired by the next write of the"
                + " row that holds it in the database, the entry's expiration (kvsync.expiration), or"
                + " KvSyncHibernate.reconcile; keep the instances' clocks synchronized (NTP)";
    }
}
