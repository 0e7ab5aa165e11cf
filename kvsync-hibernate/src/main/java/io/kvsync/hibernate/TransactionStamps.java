package io.kvsync.hibernate;

import io.kvsync.engine.CommitClock;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.engine.spi.TransactionCompletionCallbacks;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The commit stamps ({@link CommitClock}) of each session's transaction, drawn once per transaction just
 * before it commits: after Hibernate's last flush, when every statement has run and so holds every row and
 * unique value it took. A transaction that takes a key from another row can only get there once the other
 * row's transaction committed (the database makes it wait), so its stamps are the later ones; the stores
 * then order the two rows' writes on that key by stamp, whatever order they arrive in.
 *
 * <p>A transaction reserves one stamp per change ({@link CommitClock#reserve}, at most
 * {@value #MOST_STAMPS}), handed out in the order its statements ran, so that changes within one transaction
 * are ordered too: a row deleted and inserted again under its identifier, a key given up by one row and
 * taken by another in a later flush. Changes past the first {@value #MOST_STAMPS} share the last stamp, so
 * that a large transaction does not run this process's clock ahead of the wall clock.
 *
 * <p>A change {@linkplain #join joins} its session's transaction when Hibernate executes its statement;
 * the replication after the commit takes the entity's stamps in the same order with {@link #next}
 * (Hibernate runs its after-commit work in statement order). Stamps are queued per row (entity name and
 * identifier), so that an after-commit event without a statement event of its own (a vetoed update, a
 * listener Hibernate calls for another entity) cannot shift the stamps of the others; rows rather than
 * entity instances, because an instance may reach the session itself through its associations, and a
 * session's stamps must not keep it alive. Sessions are held weakly and keyed by
 * identity (sessions do not override {@code equals}), so a session that is dropped leaves nothing behind.
 * Thread-safe.
 */
final class TransactionStamps {

    /** The most stamps one transaction reserves: about a millisecond of the clock. */
    static final int MOST_STAMPS = 1024;

    /** The most rows whose births are remembered; past it the memory is dropped and starts again. */
    static final int MOST_BIRTHS = 65_536;
    /**
     * Sized for {@link #MOST_BIRTHS} from the start (about half a megabyte of table): growing it doubled the
     * table on a committing thread a dozen times over, which a profile of the commit path showed.
     */
    private static final int BIRTHS_CAPACITY = MOST_BIRTHS * 4 / 3 + 1;

    private final Map<SharedSessionContractImplementor, TransactionStamp> current =
            Collections.synchronizedMap(new WeakHashMap<>());
    /**
     * The insert of each row this process inserted last, by the ticket its stamp comes from: a later change
     * of the row (another transaction, which can only see the row once the insert committed, so once its
     * stamp was drawn) carries that stamp as its birth, so that a row inserted again under its identifier
     * and then given a key its earlier incarnation had is told from that incarnation's entries.
     */
    private final Map<Row, Ticket> births = new ConcurrentHashMap<>(BIRTHS_CAPACITY);
    /** Where each transaction records its changes before it commits; {@code null} without an outbox. */
    private final Outbox outbox;

    /** {@code outbox}: where transactions record their changes ({@code kvsync.delivery=outbox}), or {@code null}. */
    TransactionStamps(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Whether changes are recorded in an outbox, so that joining needs a {@link Draft}. */
    boolean recording() {
        return outbox != null;
    }

    /**
     * What a change records in the outbox, known when its statement runs: its operation, version and
     * retired keys (its stamp, birth and row identifier are added just before the commit).
     */
    record Draft(char operation, long version, Map<String, String> retiredKeys) {
    }

    /**
     * Counts a change of a row in the transaction that {@code session} is in, and makes sure that
     * the transaction reserves its stamps just before it commits; returns the change's place in the
     * transaction.
     */
    Ticket join(SharedSessionContractImplementor session, String entityName, Object id, boolean insert, Draft draft) {
        return join(session, entityName, id, insert, true, draft);
    }

    /**
     * Like {@link #join}, for a change whose replication keeps its ticket itself (a stateless session's)
     * rather than taking its stamp with {@link #next}.
     */
    Ticket ticket(SharedSessionContractImplementor session, String entityName, Object id, boolean insert, Draft draft) {
        return join(session, entityName, id, insert, false, draft);
    }

    private Ticket join(SharedSessionContractImplementor session, String entityName, Object id, boolean insert,
                        boolean queued, Draft draft) {
        TransactionStamp stamp = current.get(session);
        if (stamp == null || stamp.completed) {
            stamp = new TransactionStamp();
            current.put(session, stamp);
            TransactionStamp fresh = stamp;
            TransactionCompletionCallbacks callbacks = session.getTransactionCompletionCallbacks();
            callbacks.registerCallback((TransactionCompletionCallbacks.BeforeCompletionCallback) s -> {
                // A stateless session runs its callbacks before it executes its last JDBC batch: execute it
                // first, so that the statements hold their rows and values when the stamps are drawn.
                s.getJdbcCoordinator().executeBatch();
                fresh.draw();
                if (outbox != null) {
                    List<ChangeRecord> records = fresh.records(this);
                    if (!records.isEmpty()) {
                        outbox.record(s.getJdbcCoordinator().getLogicalConnection().getPhysicalConnection(), records);
                    }
                }
            });
            // Runs before the after-commit events (it is registered first): it only marks the transaction as
            // over, so that the next transaction of the session counts its changes afresh.
            callbacks.registerCallback((TransactionCompletionCallbacks.AfterCompletionCallback) (success, s) -> {
                fresh.completed = true;
                if (success) {
                    // Only a committed insert begins an incarnation: a rolled-back one must not replace the
                    // birth of the row that stays (found by the key hand-over model: a replace rolled back).
                    fresh.forEachInsert(this::remember);
                }
            });
        }
        Row row = new Row(entityName, id);
        Ticket ticket = new Ticket(stamp, stamp.join(queued ? row : null, draft == null ? null
                : new Recorded(row, draft)));
        if (insert) {
            stamp.inserted(row, ticket.ordinal());
        }
        return ticket;
    }

    /** Remembers the birth of a row whose insert committed. */
    private void remember(Row row, Ticket ticket) {
        if (births.size() >= MOST_BIRTHS) {
            births.clear(); // bounded: a birth forgotten only costs the fencing it would have sharpened
        }
        births.put(row, ticket);
    }

    /**
     * The stamp of the insert that began the row's current incarnation, when this process inserted it and
     * remembers it; {@code 0} otherwise (or when that insert's transaction did not commit).
     */
    long bornOf(String entityName, Object id) {
        Ticket ticket = births.get(new Row(entityName, id));
        return ticket == null ? 0 : ticket.stamp();
    }

    /**
     * The stamp of the next change of a row that {@code session}'s committed transaction
     * replicates, in the order of {@link #join}; {@code 0} when none was drawn (a change outside a
     * transaction, whose statement committed on its own): the engine then draws one when the change is
     * enqueued.
     */
    Stamped next(SharedSessionContractImplementor session, String entityName, Object id) {
        TransactionStamp stamp = current.get(session);
        return stamp == null ? Stamped.NONE : stamp.next(new Row(entityName, id));
    }

    /**
     * A change's stamp and its outbox row.
     *
     * @param stamp    the commit stamp; {@code 0} when none was drawn
     * @param outboxId the change's outbox row; {@code 0} when it has none
     */
    record Stamped(long stamp, long outboxId) {
        static final Stamped NONE = new Stamped(0, 0);
    }

    /** A joined change's draft and row. */
    private record Recorded(Row row, Draft draft) {
    }

    /** A row, as the key of its changes' stamps. */
    private record Row(String entityName, Object id) {
    }

    /** A change's place in its transaction, for the stamp it gets once the transaction has committed. */
    record Ticket(TransactionStamp transaction, int ordinal) {

        /** The change's stamp; {@code 0} before its transaction drew its stamps. */
        long stamp() {
            return transaction.stampOf(ordinal);
        }

        /** The change's outbox row; {@code 0} when it has none. */
        long outboxId() {
            return transaction.outboxIdOf(ordinal);
        }
    }

    /** One transaction's stamps: {@code 0} until they are drawn. */
    static final class TransactionStamp {
        private final Map<Row, ArrayDeque<Integer>> ordinalsByRow = new HashMap<>();
        /** The ordinal of each row's last insert in this transaction; {@code null} until one. */
        private Map<Row, Integer> inserts;
        /** The outbox drafts by ordinal; {@code null} without an outbox. */
        private List<Recorded> drafts;
        private int joined;
        private int reserved;
        private long first;
        /** The first of the outbox row identifiers reserved for the drafts ({@link Outbox#reserveIds}). */
        private long firstOutboxId;
        volatile boolean completed;

        /**
         * {@code row}: where {@link #next} finds the ordinal, or {@code null} when the caller keeps it;
         * {@code draft}: what the change records in the outbox, or {@code null}.
         */
        synchronized int join(Row row, Recorded draft) {
            int ordinal = joined++;
            if (row != null) {
                ordinalsByRow.computeIfAbsent(row, r -> new ArrayDeque<>(2)).add(ordinal);
            }
            if (draft != null) {
                if (drafts == null) {
                    drafts = new ArrayList<>();
                }
                while (drafts.size() < ordinal) {
                    drafts.add(null); // a change that records nothing (none today: every joined change is Syncable)
                }
                drafts.add(draft);
            }
            return ordinal;
        }

        synchronized void inserted(Row row, int ordinal) {
            if (inserts == null) {
                inserts = new HashMap<>(2);
            }
            inserts.put(row, ordinal);
        }

        /** Hands each row this transaction inserted, with its insert's ticket, to {@code action}. */
        synchronized void forEachInsert(java.util.function.BiConsumer<Row, Ticket> action) {
            if (inserts != null) {
                inserts.forEach((row, ordinal) -> action.accept(row, new Ticket(this, ordinal)));
            }
        }

        /** The outbox rows of the drafts, once the stamps are drawn; reserves their identifiers. */
        synchronized List<ChangeRecord> records(TransactionStamps stamps) {
            if (drafts == null) {
                return List.of();
            }
            firstOutboxId = Outbox.reserveIds(drafts.size());
            List<ChangeRecord> records = new ArrayList<>(drafts.size());
            for (int ordinal = 0; ordinal < drafts.size(); ordinal++) {
                Recorded recorded = drafts.get(ordinal);
                if (recorded == null) {
                    continue;
                }
                long stamp = stampOf(ordinal);
                Draft draft = recorded.draft();
                // Looked up now, once the stamps are drawn: an insert earlier in this transaction has its stamp.
                Integer insertedHere = inserts == null ? null : inserts.get(recorded.row());
                long born = draft.operation() == ChangeRecord.INSERT ? stamp
                        : insertedHere != null && insertedHere < ordinal ? stampOf(insertedHere)
                        : stamps.bornOf(recorded.row().entityName(), recorded.row().id());
                records.add(new ChangeRecord(Outbox.idOf(firstOutboxId, ordinal), recorded.row().entityName(),
                        recorded.row().id(), draft.operation(), draft.version(), stamp, born, CommitClock.origin(),
                        draft.retiredKeys()));
            }
            return records;
        }

        synchronized long outboxIdOf(int ordinal) {
            return drafts == null || ordinal >= drafts.size() || drafts.get(ordinal) == null || first == 0 ? 0
                    : Outbox.idOf(firstOutboxId, ordinal);
        }

        synchronized void draw() {
            reserved = Math.min(MOST_STAMPS, Math.max(1, joined));
            first = CommitClock.reserve(reserved);
        }

        /**
         * The stamp of {@code row}'s next change replicated after the commit; a change that did not join
         * (Hibernate fired no statement event for it) gets the transaction's last stamp.
         */
        synchronized Stamped next(Row row) {
            ArrayDeque<Integer> ordinals = ordinalsByRow.get(row);
            Integer ordinal = ordinals == null ? null : ordinals.poll();
            if (ordinals != null && ordinals.isEmpty()) {
                // Taken: the births remembered for later transactions keep this object, not its rows.
                ordinalsByRow.remove(row);
            }
            if (ordinal == null) {
                return new Stamped(stampOf(Integer.MAX_VALUE), 0);
            }
            return new Stamped(stampOf(ordinal), outboxIdOf(ordinal));
        }

        synchronized long stampOf(int ordinal) {
            if (first == 0) {
                return 0;
            }
            return first + Math.min(ordinal, reserved - 1);
        }
    }
}
