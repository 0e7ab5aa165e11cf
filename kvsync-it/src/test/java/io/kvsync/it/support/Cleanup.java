package io.kvsync.it.support;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Closes what a test opened, last opened first, even when the test failed half-way: every resource is
 * closed, and the first failure is rethrown with the others suppressed. Not thread-safe.
 */
public final class Cleanup implements AutoCloseable {

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    /** Registers {@code resource} to be closed by {@link #close()}; returns it. */
    public <T extends AutoCloseable> T add(T resource) {
        resources.push(resource);
        return resource;
    }

    /** Closes every registered resource in reverse order of registration. */
    @Override
    public void close() {
        RuntimeException failure = null;
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                RuntimeException wrapped = e instanceof RuntimeException runtime ? runtime
                        : new IllegalStateException("cleanup failed: " + e, e);
                if (failure == null) {
                    failure = wrapped;
                } else {
                    failure.addSuppressed(wrapped);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
