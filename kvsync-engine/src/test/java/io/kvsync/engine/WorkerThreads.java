package io.kvsync.engine;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine's worker threads, found by name, and what they are waiting in, found by their stacks. */
final class WorkerThreads {

    private static final long PATIENCE_SECONDS = 30;

    private WorkerThreads() {
    }

    /** The engine worker threads alive now (of every engine). */
    static Set<Thread> alive() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("kvsync-worker-"))
                .collect(Collectors.toSet());
    }

    /**
     * Waits until {@code count} worker threads that were not alive {@code earlier} wait for work, so that no
     * write afterwards is taken by a worker that is only starting, which would take it without being woken.
     */
    static void awaitIdle(Set<Thread> earlier, int count) throws InterruptedException {
        awaitIn(earlier, count, "awaitUninterruptibly");
    }

    /** Waits until {@code count} worker threads that were not alive {@code earlier} are in {@code method}. */
    static void awaitIn(Set<Thread> earlier, int count, String method) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (countIn(earlier, method) < count) {
            assertThat(System.nanoTime()).as("%d workers in %s within %d s", count, method, PATIENCE_SECONDS)
                    .isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    /** How many worker threads that were not alive {@code earlier} have {@code method} on their stacks. */
    static long countIn(Set<Thread> earlier, String method) {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(entry -> entry.getKey().getName().startsWith("kvsync-worker-") && !earlier.contains(entry.getKey()))
                .filter(entry -> Arrays.stream(entry.getValue()).anyMatch(frame -> frame.getMethodName().equals(method)))
                .count();
    }
}
