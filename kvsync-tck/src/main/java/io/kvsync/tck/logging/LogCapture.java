package io.kvsync.tck.logging;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records what KVSync logs while it is open: {@code System.Logger} goes to java.util.logging in a test
 * JVM without another backend, so a handler on {@code io.kvsync} sees every component's records with
 * their logger names. Close it to detach.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger parent = Logger.getLogger("io.kvsync");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
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

    private LogCapture() {
        parent.addHandler(handler);
    }

    /** Starts recording. */
    public static LogCapture start() {
        return new LogCapture();
    }

    /** The records so far, in the order logged. */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    @Override
    public void close() {
        parent.removeHandler(handler);
    }
}
