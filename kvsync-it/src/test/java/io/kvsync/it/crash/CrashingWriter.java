package io.kvsync.it.crash;

import io.kvsync.engine.KvSync;
import io.kvsync.hibernate.KvSyncHibernate;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;
import org.hibernate.SessionFactory;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The process the crash test kills. It commits changes through Hibernate with KVSync registered, but its
 * store never completes a write (as if the process died between commit and replication), prints
 * {@value #COMMITTED} once every transaction has committed, and waits to be killed.
 */
public final class CrashingWriter {

    static final String COMMITTED = "COMMITTED";

    private CrashingWriter() {
    }

    /** Arguments: JDBC URL, Redis URI, key prefix. */
    public static void main(String[] args) throws InterruptedException {
        String jdbcUrl = args[0];
        KvStore redis = CrashSetup.redis(args[1], args[2]);
        CountDownLatch never = new CountDownLatch(1);
        KvStore stalled = new KvStore() {
            @Override
            public void write(List<KvWrite> writes) {
                try {
                    never.await(); // the kill arrives while every write is pending
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public Map<String, byte[]> read(Collection<String> keys) {
                return redis.read(keys);
            }

            @Override
            public void close() {
                redis.close();
            }
        };
        KvSync kv = CrashSetup.kvSync(stalled);
        SessionFactory sessionFactory = CrashSetup.sessionFactory(jdbcUrl, "none");
        KvSyncHibernate.register(sessionFactory, kv);

        sessionFactory.inTransaction(session -> {
            for (long id = 0; id < 10; id++) {
                session.find(Wallet.class, id).balance += 100;                      // updates
            }
            for (long id = 10; id < 15; id++) {
                session.find(Wallet.class, id).code = "moved-" + id;               // key changes
            }
            for (long id = 15; id < 20; id++) {
                session.remove(session.find(Wallet.class, id));                    // deletes
            }
            for (long id = 100; id < 110; id++) {
                session.persist(new Wallet(id, "new-" + id, "newcomer", 1));       // inserts
            }
        });
        System.out.println(COMMITTED);
        System.out.flush();
        never.await();
    }
}
