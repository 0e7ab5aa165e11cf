package io.kvsync.it.outage;

import io.kvsync.engine.KvSync;
import io.kvsync.engine.KvSyncBuilder;
import io.kvsync.it.support.ReportLog;
import io.kvsync.spi.KvStore;
import io.kvsync.store.redis.RedisKvStore;

import java.time.Duration;

/** Engines as the outage tests build them. */
final class Engines {

    private Engines() {
    }

    /**
     * An engine on {@code store} that reports to {@code reports}; retries back off from 50 ms to 500 ms so a
     * healed store is retried soon, and the shutdown timeout is {@code shutdownTimeout}.
     */
    static KvSyncBuilder writer(KvStore store, ReportLog reports, Duration shutdownTimeout) {
        return KvSync.builder()
                .store(store)
                .workers(4)
                .retryBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
                .shutdownTimeout(shutdownTimeout)
                .onReport(reports);
    }

    /** A Redis store with a command and connect timeout of {@code timeout}. */
    static KvStore redis(String uri, Duration timeout) {
        return RedisKvStore.builder().uri(uri).timeout(timeout).connectTimeout(timeout).build();
    }

    /** An engine that only reads, straight from the Redis at {@code uri}: the test's view of the store. */
    static KvSync reader(String uri) {
        return KvSync.builder().store(redis(uri, Duration.ofSeconds(5))).workers(1).build();
    }
}
