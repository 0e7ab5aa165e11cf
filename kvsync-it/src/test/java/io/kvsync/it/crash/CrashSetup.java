package io.kvsync.it.crash;

import io.kvsync.engine.KvSync;
import io.kvsync.spi.KvStore;
import io.kvsync.store.redis.RedisKvStore;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;

import java.time.Duration;

/** What the crashing child and the test build alike. */
final class CrashSetup {

    private CrashSetup() {
    }

    static SessionFactory sessionFactory(String jdbcUrl, String schemaAction) {
        return new Configuration()
                .addAnnotatedClass(Wallet.class)
                .setProperty("hibernate.connection.url", jdbcUrl)
                .setProperty("hibernate.connection.pool_size", "4")
                .setProperty("hibernate.hbm2ddl.auto", schemaAction)
                .buildSessionFactory();
    }

    static KvStore redis(String uri, String prefix) {
        return RedisKvStore.builder().uri(uri).prefix(prefix).build();
    }

    static KvSync kvSync(KvStore store) {
        return KvSync.builder().store(store).retryBackoff(Duration.ofMillis(5), Duration.ofMillis(200)).build();
    }
}
