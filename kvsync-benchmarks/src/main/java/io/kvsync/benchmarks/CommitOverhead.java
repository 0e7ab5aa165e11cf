package io.kvsync.benchmarks;

import io.kvsync.engine.KvSync;
import org.hibernate.SessionFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Scenario 2: single-entity Hibernate transactions (open a session, persist one {@link Shipment}, commit,
 * close), on one thread, through session factories that differ only in what is registered on them:
 * nothing, KVSync on Redis, KVSync on Redis with a batch linger (which trades replication lag for fewer
 * store round trips), KVSync on a store that does nothing (which leaves the engine's own cost on
 * the committing thread and its workers, without Redis), or KVSync on Redis with the outbox
 * ({@code kvsync.delivery=outbox}: each commit also inserts a row into the outbox table, which a cleaner
 * thread deletes once Redis has the change). Each arm runs its transactions in two halves, ordered as a
 * palindrome (A B C D E E D C B A, the first arm rotating from round to round), so that drift within a
 * round (the table growing, the JIT, the machine's load) favours no arm. Time runs from the first commit
 * to the last; waiting for the store to have every key (and, with the outbox, for the table to be empty
 * again) comes after, untimed. Not thread-safe.
 */
final class CommitOverhead {

    /** What is registered on the factory. */
    enum Arm { WITHOUT_KVSYNC, KVSYNC_REDIS, KVSYNC_REDIS_LINGER, KVSYNC_NO_OP_STORE, KVSYNC_REDIS_OUTBOX }

    private final Map<Arm, SessionFactory> factories;
    private final Map<Arm, KvSync> engines;
    private final OutboxTable outbox;
    private final List<ShipmentRef> replicated;

    /**
     * @param factories  the arms to run, each with its factory; {@link Arm#WITHOUT_KVSYNC} and
     *                   {@link Arm#KVSYNC_REDIS} at least
     * @param engines    the KvSync registered on each factory but {@link Arm#WITHOUT_KVSYNC}'s
     * @param outbox     the table of {@link Arm#KVSYNC_REDIS_OUTBOX}, when that arm runs
     * @param replicated receives every shipment committed through the Redis arm (without linger or outbox)
     */
    CommitOverhead(Map<Arm, SessionFactory> factories, Map<Arm, KvSync> engines, OutboxTable outbox,
                   List<ShipmentRef> replicated) {
        if (!factories.containsKey(Arm.WITHOUT_KVSYNC) || !factories.containsKey(Arm.KVSYNC_REDIS)) {
            throw new IllegalArgumentException("the arms without KVSync and with KVSync on Redis always run: " + factories.keySet());
        }
        for (Arm arm : factories.keySet()) {
            if (arm != Arm.WITHOUT_KVSYNC && !engines.containsKey(arm)) {
                throw new IllegalArgumentException("no KvSync for the arm " + arm);
            }
        }
        if (factories.containsKey(Arm.KVSYNC_REDIS_OUTBOX) && outbox == null) {
            throw new IllegalArgumentException("the outbox arm needs its table");
        }
        this.factories = new EnumMap<>(factories);
        this.engines = new EnumMap<>(engines);
        this.outbox = outbox;
        this.replicated = replicated;
    }

    /** Untimed transactions through every arm, for the JIT and the pools. */
    void warmUp(int transactions) {
        for (Arm arm : factories.keySet()) {
            run(arm, transactions);
        }
    }

    /**
     * One round: {@code transactions} commits through each arm.
     *
     * @param round rotates which arm goes first
     * @return nanoseconds per arm
     * @throws IllegalStateException when replication did not finish within a minute or a write failed
     */
    Map<Arm, Long> round(int transactions, int round) {
        List<Arm> arms = new ArrayList<>(factories.keySet());
        List<Arm> order = new ArrayList<>();
        for (int i = 0; i < arms.size(); i++) {
            order.add(arms.get((i + round) % arms.size()));
        }
        Map<Arm, Long> nanos = new EnumMap<>(Arm.class);
        int half = transactions / 2;
        for (Arm arm : order) {
            nanos.merge(arm, run(arm, half), Long::sum);
        }
        for (int i = order.size() - 1; i >= 0; i--) {
            nanos.merge(order.get(i), run(order.get(i), transactions - half), Long::sum);
        }
        return nanos;
    }

    private long run(Arm arm, int transactions) {
        SessionFactory factory = factories.get(arm);
        KvSync kv = engines.get(arm);
        long failedBefore = kv == null ? 0 : kv.stats().failed();
        long started = System.nanoTime();
        for (int i = 0; i < transactions; i++) {
            Shipment shipment = new Shipment(UUID.randomUUID().toString());
            factory.inTransaction(session -> session.persist(shipment));
            if (arm == Arm.KVSYNC_REDIS) {
                replicated.add(new ShipmentRef(shipment.id, shipment.uuid));
            }
        }
        long elapsed = System.nanoTime() - started;
        if (kv != null) {
            if (!kv.awaitIdle(Duration.ofMinutes(1))) {
                throw new IllegalStateException("replication of " + transactions + " commits (" + arm
                        + ") did not finish in a minute: " + kv.stats());
            }
            if (kv.stats().failed() > failedBefore) {
                throw new IllegalStateException("writes failed during the commit scenario (" + arm + "): " + kv.stats());
            }
        }
        if (arm == Arm.KVSYNC_REDIS_OUTBOX) {
            // The cleaner deletes acknowledged rows every 50 ms: its last deletes must not run into the next arm.
            outbox.awaitEmpty(Duration.ofMinutes(1));
        }
        return elapsed;
    }
}
