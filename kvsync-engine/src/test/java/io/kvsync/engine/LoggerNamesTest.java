package io.kvsync.engine;

import io.kvsync.tck.logging.LogCapture;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine logs under {@code io.kvsync.engine}, so that its level can be set apart from the stores'
 * and integrations'.
 */
class LoggerNamesTest {

    @Test
    void the_engine_logs_under_its_own_name() throws InterruptedException {
        List<LogRecord> records;
        try (LogCapture logs = LogCapture.start()) {
            TestStores.Gated gated = new TestStores.Gated(Engines.memoryStore());
            try (KvSync kv = Engines.builder(gated, Engines.reports()).workers(1).build()) {
                kv.enqueue(new Item(0, "plug", "holds the worker"));
                gated.awaitBlockedWrite();
                kv.enqueue(new Item(1, "shared", "one claim"));
                kv.enqueue(new Item(2, "shared", "another entity's claim")); // a conflict: logged as a warning
                gated.open();
                assertThat(kv.awaitIdle(Duration.ofSeconds(10))).isTrue();
            }
            records = logs.records();
        }

        assertThat(records).filteredOn(r -> r.getLevel() == Level.WARNING)
                .extracting(LogRecord::getLoggerName).containsOnly("io.kvsync.engine").isNotEmpty();
        assertThat(records).extracting(LogRecord::getLoggerName).allMatch(name -> name.startsWith("io.kvsync."));
    }
}
