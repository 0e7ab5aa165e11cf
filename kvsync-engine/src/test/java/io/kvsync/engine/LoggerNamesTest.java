package io.kvsync.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine logs under {@code io.kvsync.engine}, so that its level can be set apart from the stores'
 * and integrations' ({@code System.Logger} goes to java.util.logging here, as in any application
 * without another backend).
 */
class LoggerNamesTest {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger parent = Logger.getLogger("io.kvsync");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord logRecord) {
            records.add(logRecord);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @AfterEach
    void removeCapture() {
        parent.removeHandler(capture);
    }

    @Test
    void the_engine_logs_under_its_own_name() {
        parent.addHandler(capture);
        parent.setLevel(Level.INFO);
        TestStores.Gated gated = new TestStores.Gated(Engines.memoryStore());
        try (KvSync kv = Engines.builder(gated, Engines.reports()).workers(1).build()) {
            kv.enqueue(new Item(0, "plug", "holds the worker"));
            gated.awaitBlockedWrite();
            kv.enqueue(new Item(1, "shared", "one claim"));
            kv.enqueue(new Item(2, "shared", "another entity's claim")); // a conflict: logged as a warning
            gated.open();
            assertThat(kv.awaitIdle(Duration.ofSeconds(10))).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }

        assertThat(records).isNotEmpty();
        assertThat(records).filteredOn(r -> r.getLevel() == Level.WARNING)
                .extracting(LogRecord::getLoggerName).containsOnly("io.kvsync.engine").isNotEmpty();
        assertThat(records).extracting(LogRecord::getLoggerName).allMatch(name -> name.startsWith("io.kvsync."));
    }
}
