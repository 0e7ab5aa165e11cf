package io.kvsync.demo;

import io.kvsync.engine.KvSync;
import org.HdrHistogram.Histogram;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Times the same lookup, a member by uuid, through KVSync and through SQL on an indexed column. */
final class LookupTimer {

    private static final int WARM_UP = 500;
    private static final int SAMPLES = 2_000;

    /** Median lookup times. */
    record Result(long fetchNanos, long sqlNanos) {
    }

    private LookupTimer() {
    }

    static Result measure(SessionFactory sessionFactory, KvSync kv, List<Long> memberIds) {
        List<String> uuids = sessionFactory.fromSession(session -> {
            List<String> picked = new ArrayList<>();
            Random random = new Random(7);
            for (int i = 0; i < Math.min(200, memberIds.size()); i++) {
                Member member = session.find(Member.class, memberIds.get(random.nextInt(memberIds.size())));
                if (member != null) {
                    picked.add(member.uuid);
                }
            }
            return picked;
        });
        Histogram fetch = new Histogram(3);
        Histogram sql = new Histogram(3);
        try (Session session = sessionFactory.openSession()) {
            for (int i = 0; i < WARM_UP + SAMPLES; i++) {
                String uuid = uuids.get(i % uuids.size());
                Member probe = new Member();
                probe.uuid = uuid;
                long start = System.nanoTime();
                kv.fetch(probe, "uuid").orElseThrow();
                long fetched = System.nanoTime();
                session.createSelectionQuery("from Member where uuid = :uuid", Member.class)
                        .setParameter("uuid", uuid).getSingleResult();
                long queried = System.nanoTime();
                // The persistence context would answer repeats from memory: measure the database.
                session.clear();
                if (i >= WARM_UP) {
                    fetch.recordValue(fetched - start);
                    sql.recordValue(queried - fetched);
                }
            }
        }
        return new Result(fetch.getValueAtPercentile(50), sql.getValueAtPercentile(50));
    }
}
