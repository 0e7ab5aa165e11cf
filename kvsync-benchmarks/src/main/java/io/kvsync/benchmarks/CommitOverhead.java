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
 * store round trips), or KVSync on a store that does nothing (which leaves the engine's own cost on
 * the committing thread and its workers, without Redis). Each arm runs its transactions in two halves,
 * ordered as a palindrome (A B C D D C B A, the first arm rotating from round to round), so that drift within
 * a round (the table growing, the JIT, the machine's load) favours no arm. Time runs from the first
 * commit to the last; waiting for the store to have every key comes after, untimed. Not thread-safe.
 */
final class CommitOverhead {

    /** What is registered on the factory. */
    enum Arm { WITHOUT_KVSYNC, KVSYNC_REDIS, KVSYNC_REDIS_LINGER, KVSYNC_NO_OP_STORE }

    private final Map<Arm, SessionFactory> factories = new EnumMap<>(Arm.class);
    private final Map<Arm, KvSync> engines = new EnumMap<>(Arm.class);
    private final List<ShipmentRef> replicated;

    /**
     * @param replicated receives every shipment committed through the Redis arm (the one without linger)
     */
    CommitOverhead(SessionFactory plain, SessionFactory redis, KvSync redisKv, SessionFactory lingering,
                   KvSync lingeringKv, SessionFactory noOp, KvSync noOpKv, List<ShipmentRef> replicated) {
        factories.put(Arm.WITHOUT_KVSYNC, plain);
        factories.put(Arm.KVSYNC_REDIS, redis);
        factories.put(Arm.KVSYNC_REDIS_LINGER, lingering);
        factories.put(Arm.KVSYNC_NO_OP_STORE, noOp);
        engines.put(Arm.KVSYNC_REDIS, redisKv);
        engines.put(Arm.KVSYNC_REDIS_LINGER, lingeringKv);
        engines.put(Arm.KVSYNC_NO_OP_STORE, noOpKv);
        this.replicated = replicated;
    }

    /** Untimed transactions through every arm, for the JIT and the pools. */
    void warmUp(int transactions) {
        for (Arm arm : Arm.values()) {
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
        Arm[] arms = Arm.values();
        List<Arm> order = new ArrayList<>();
        for (int i = 0; i < arms.length; i++) {
            order.add(arms[(i + round) % arms.length]);
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
        return elapsed;
    }
}
