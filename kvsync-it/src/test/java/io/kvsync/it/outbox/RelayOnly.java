package io.kvsync.it.outbox;

import io.kvsync.engine.KvSync;
import io.kvsync.hibernate.KvSyncHibernate;
import org.hibernate.SessionFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A child JVM that commits nothing: it only registers KVSync in outbox mode, so that its relay works off
 * what others left in the outbox, until told to stop. Its store ({@link HeldStore}) holds every write until
 * the parent says {@value #RELEASE}, and announces the first ({@link #WRITING}): a relay writes while its
 * claimed rows are leased to it, so two children that both announced a write hold two claimed batches at once. On
 * {@value #STOP} it prints its engine's counters ({@link #STATS}) and exits.
 */
public final class RelayOnly {

    static final String REGISTERED = "REGISTERED";
    static final String WRITING = "WRITING";
    static final String STATS = "STATS";
    static final String RELEASE = "release";
    static final String STOP = "stop";

    private RelayOnly() {
    }

    /** Arguments: JDBC URL, Redis URI, key prefix, the relay's batch size, its grace. */
    public static void main(String[] args) throws Exception {
        HeldStore store = new HeldStore(OutboxSetup.redis(args[1], args[2]), writes -> ChildJvm.mark(WRITING + " "
                + writes.size() + " writes" + (writes.isEmpty() ? "" : ", the first of " + writes.get(0).key())));
        CountDownLatch stop = new CountDownLatch(1);
        Thread commands = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.equals(RELEASE)) {
                        store.release();
                    } else if (line.equals(STOP)) {
                        stop.countDown();
                    }
                }
            } catch (IOException e) {
                // the parent is gone
            }
            stop.countDown();
        }, "commands");
        commands.setDaemon(true);
        commands.start();

        Map<String, String> settings = OutboxSetup.outbox(args[4], Integer.parseInt(args[3]));
        // Claimed rows stay leased while the first writes are held; the relay must not give up on them meanwhile.
        settings.put("kvsync.outbox.relay-timeout", "5m");
        KvSync kv = OutboxSetup.engine(store, settings);
        SessionFactory database = OutboxSetup.sessionFactory(args[0], "none", 8);
        KvSyncHibernate.register(database, kv);
        ChildJvm.mark(REGISTERED);
        stop.await();
        ChildJvm.mark(STATS + " " + kv.stats());
        database.close();
        kv.close();
        System.exit(0);
    }
}
