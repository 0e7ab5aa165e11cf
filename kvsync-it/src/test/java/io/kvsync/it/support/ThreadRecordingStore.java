package io.kvsync.it.support;

import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link KvStore} that passes every call on and remembers the name of each thread that wrote or read:
 * the structural proof that an application thread never waits on the store (its name never shows up).
 * Thread-safe; throws whatever the store throws.
 */
public final class ThreadRecordingStore implements KvStore {

    private final KvStore delegate;
    private final Set<String> callers = ConcurrentHashMap.newKeySet();

    public ThreadRecordingStore(KvStore delegate) {
        this.delegate = delegate;
    }

    /** The names of every thread that called {@link #write} or {@link #read} so far, sorted. */
    public Set<String> callingThreads() {
        return new TreeSet<>(callers);
    }

    @Override
    public void write(List<KvWrite> writes) {
        callers.add(Thread.currentThread().getName());
        delegate.write(writes);
    }

    @Override
    public Map<String, byte[]> read(Collection<String> keys) {
        callers.add(Thread.currentThread().getName());
        return delegate.read(keys);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
