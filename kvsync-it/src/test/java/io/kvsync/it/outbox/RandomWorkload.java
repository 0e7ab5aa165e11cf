package io.kvsync.it.outbox;

import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Random transactions on {@link Account}s whose unique codes come from a pool of {@value #CODES}, so that
 * codes change hands all the time: inserts, updates, key changes (to a free code, or to a code drawn at
 * random), deletes, a row deleted and replaced under its code in one transaction, and a row giving its code
 * to another row in one transaction; deletes keep the pool about half full.
 * {@value #ROLLBACK_PERCENT}% of the transactions are rolled back on purpose after their statements ran;
 * others are refused by the database (a code another transaction took, a row another changed first). Only
 * rows with pool codes are touched. Thread-safe: one instance serves every thread.
 */
final class RandomWorkload {

    static final int CODES = 24;
    static final int ROLLBACK_PERCENT = 25;

    private final SessionFactory database;
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong rolledBack = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final Map<String, AtomicLong> kinds = new ConcurrentHashMap<>();

    RandomWorkload(SessionFactory database) {
        this.database = database;
    }

    static String code(Random random) {
        return "c" + random.nextInt(CODES);
    }

    long committed() {
        return committed.get();
    }

    /** Runs one random transaction; returns the commits so far counting its own, or {@code 0} if it did not commit. */
    long runOne(Random random) {
        try (Session session = database.openSession()) {
            Transaction tx = session.beginTransaction();
            try {
                String kind = change(session, random);
                session.flush();
                if (random.nextInt(100) < ROLLBACK_PERCENT) {
                    tx.rollback();
                    rolledBack.incrementAndGet();
                    return 0;
                }
                tx.commit();
                kinds.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
                return committed.incrementAndGet();
            } catch (RuntimeException e) {
                try {
                    if (tx.isActive()) {
                        tx.rollback();
                    }
                } catch (RuntimeException ignored) {
                    // the connection is broken: closing the session gives it back
                }
                refused.incrementAndGet();
                return 0;
            }
        }
    }

    private static String change(Session session, Random random) {
        int dice = random.nextInt(100);
        if (dice < 12) {
            session.persist(new Account(code(random), random.nextInt(1000)));
            return "insert";
        }
        String code = code(random);
        Account holder = holderOf(session, code);
        if (holder == null) {
            // The code is free: another row takes it (its old code becomes free), or a new row does.
            Account mover = holderOf(session, code(random));
            if (mover == null) {
                session.persist(new Account(code, random.nextInt(1000)));
                return "insert";
            }
            mover.code = code;
            return "key change";
        }
        if (dice < 40) {
            holder.balance += 1 + random.nextInt(100);
            return "update";
        }
        if (dice < 52) {
            holder.code = code(random);
            holder.balance += 1; // a new version even when the code drawn is its own
            return "key change";
        }
        if (dice < 68) {
            session.remove(holder);
            return "delete";
        }
        if (dice < 82) {
            // Replaced: the row goes, a new one takes its code, in one transaction.
            session.remove(holder);
            session.flush();
            session.persist(new Account(holder.code, random.nextInt(1000)));
            return "replace";
        }
        // Handed over: the holder takes another code and gives its own to a second row, in one transaction.
        Account other = holderOf(session, code(random));
        if (other == null || other == holder) {
            holder.code = code(random);
            holder.balance += 1;
            return "key change";
        }
        holder.code = code(random);
        session.flush();
        other.code = code;
        return "hand-over";
    }

    private static Account holderOf(Session session, String code) {
        return session.createSelectionQuery("from Account where code = :code", Account.class)
                .setParameter("code", code)
                .uniqueResult();
    }

    /** Counts so far: committed by kind, rolled back on purpose, refused by the database. */
    String summary() {
        Map<String, Long> byKind = new TreeMap<>();
        kinds.forEach((kind, count) -> byKind.put(kind, count.get()));
        return "committed=" + committed.get() + " " + byKind + " rolledBack=" + rolledBack.get() + " refused="
                + refused.get();
    }
}
