package io.kvsync.it.crash;

import io.kvsync.engine.KvSync;
import io.kvsync.hibernate.KvSyncHibernate;
import io.kvsync.hibernate.ReconcileOptions;
import io.kvsync.hibernate.ReconcileResult;
import io.kvsync.tck.services.TestServices;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A child JVM commits changes and is killed ({@code kill -9}) before any of them is replicated; a
 * reconcile brings the divergence between PostgreSQL and Redis to zero.
 */
class CrashReconcileTest {

    @Test
    void after_a_kill_9_between_commit_and_replication_reconcile_brings_the_divergence_to_zero() throws Exception {
        String jdbcUrl = TestServices.require(TestServices.jdbcUrl(), "PostgreSQL (KVSYNC_TEST_JDBC_URL)");
        String redisUri = TestServices.require(TestServices.redisUri(), "Redis (KVSYNC_TEST_REDIS_URI)");
        String prefix = "kvsync-it-crash:" + UUID.randomUUID() + ":";

        try (SessionFactory sessionFactory = CrashSetup.sessionFactory(jdbcUrl, "create-drop");
             KvSync kv = CrashSetup.kvSync(CrashSetup.redis(redisUri, prefix))) {
            KvSyncHibernate.register(sessionFactory, kv);
            sessionFactory.inTransaction(session -> {
                for (long id = 0; id < 50; id++) {
                    session.persist(new Wallet(id, "code-" + id, "owner " + id, 10));
                }
            });
            assertThat(kv.awaitIdle(Duration.ofSeconds(30))).isTrue();

            runAndKillWriter(jdbcUrl, redisUri, prefix);

            ReconcileOptions options = ReconcileOptions.defaults().withBatchSize(20).withOrphanPrefixes("wallet:");
            ReconcileResult first = KvSyncHibernate.reconcile(sessionFactory, kv, Wallet.class, options);
            assertThat(first.differing()).as("10 updated rows × 2 keys, 5 moved rows' id keys").isEqualTo(25);
            assertThat(first.missing()).as("5 moved rows' new codes, 10 new rows × 2 keys").isEqualTo(25);
            assertThat(first.orphans()).as("5 deleted rows × 2 keys, 5 old codes").isEqualTo(15);

            ReconcileResult second = KvSyncHibernate.reconcile(sessionFactory, kv, Wallet.class, options);
            assertThat(second.divergence()).isZero();
            assertThat(storeVersusDatabase(sessionFactory, kv)).isEmpty();
        }
    }

    /** Starts {@link CrashingWriter} in a child JVM, waits for its commit, and kills it with SIGKILL. */
    private static void runAndKillWriter(String jdbcUrl, String redisUri, String prefix) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashingWriter.class.getName(), jdbcUrl, redisUri, prefix)
                .redirectErrorStream(true)
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> seen = new ArrayList<>();
            String line;
            while ((line = out.readLine()) != null && !line.equals(CrashingWriter.COMMITTED)) {
                seen.add(line);
            }
            assertThat(line).as("the writer committed; its output: %s", seen).isEqualTo(CrashingWriter.COMMITTED);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close(), no drain
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    }

    /** Every key of every row holds the row; no key of a deleted row or an old code is present. */
    private static List<String> storeVersusDatabase(SessionFactory sessionFactory, KvSync kv) {
        List<String> differences = new ArrayList<>();
        List<Wallet> rows = sessionFactory.fromSession(s -> s.createSelectionQuery("from Wallet", Wallet.class).getResultList());
        for (Wallet row : rows) {
            for (String key : row.syncKeys().values()) {
                Wallet stored = kv.fetchByKey(Wallet.class, key).orElse(null);
                if (stored == null || !Objects.equals(stored.code, row.code) || stored.balance != row.balance
                        || stored.version != row.version) {
                    differences.add(key);
                }
            }
        }
        for (long id = 15; id < 20; id++) {
            if (kv.fetchByKey(Wallet.class, "wallet:id:" + id).isPresent()) {
                differences.add("deleted wallet " + id);
            }
        }
        for (long id = 10; id < 20; id++) {
            if (kv.fetchByKey(Wallet.class, "wallet:code:code-" + id).isPresent()) {
                differences.add("old code of wallet " + id);
            }
        }
        return differences;
    }
}
