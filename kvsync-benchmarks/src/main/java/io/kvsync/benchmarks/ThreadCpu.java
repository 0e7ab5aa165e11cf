package io.kvsync.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time used by this JVM's threads, grouped by what they do, read from Linux's
 * {@code /proc/self/task/<tid>/stat} (user plus system time, in clock ticks of 10 ms). Unlike
 * {@code ThreadMXBean}, it also sees the JIT compiler and GC threads. A {@link #snapshot()} holds each
 * thread's time; {@link #since} gives what each group used between two of them, counting threads that
 * started in between from zero and leaving out those that ended (their last ticks are not readable any
 * more). Off Linux, every group is 0.
 */
final class ThreadCpu {

    /** A group of threads, told apart by the name Linux keeps for each (the first 15 characters). */
    enum Group {
        /** The thread given to {@link #snapshot(long)}: the benchmark's committing thread. */
        MAIN,
        /** {@code kvsync-worker-*}. */
        KVSYNC_WORKERS,
        /** Lettuce's event loops and timers. */
        LETTUCE,
        /** The JIT compilers and the garbage collector. */
        JIT_AND_GC,
        /** Everything else (connection pools, JDK housekeeping). */
        OTHER
    }

    private ThreadCpu() {
    }

    /** One thread's group and CPU time so far. */
    record Used(Group group, long nanos) {
    }

    /**
     * The calling thread's Linux thread id, from {@code /proc/thread-self}; -1 off Linux. Identifies the
     * committing thread whatever the launcher is called (its name in {@code /proc} is the launcher's).
     */
    static long currentThreadId() {
        try {
            Path link = Files.readSymbolicLink(Path.of("/proc/thread-self")); // "<pid>/task/<tid>"
            return Long.parseLong(link.getFileName().toString());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * How often the calling thread has been preempted so far (Linux's {@code nonvoluntary_ctxt_switches} in
     * {@code /proc/thread-self/status}): each time the scheduler gave its CPU to another thread while it could
     * still run. -1 off Linux.
     */
    static long currentThreadPreemptions() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/thread-self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                    return Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Each live thread's CPU time so far, by thread id; empty when the thread list could not be read
     * whole (a partial list would later count a missing thread's whole lifetime as new).
     *
     * @param mainThreadId the thread to count as {@link Group#MAIN}, from {@link #currentThreadId()}
     */
    static Map<Long, Used> snapshot(long mainThreadId) {
        Map<Long, Used> threads = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                long tid = Long.parseLong(task.getFileName().toString());
                read(task, tid == mainThreadId).ifPresent(used -> threads.put(tid, used));
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return threads;
    }

    /**
     * Nanoseconds of CPU per group from {@code before} to {@code after}; empty when either snapshot is
     * (the caller then has no figures to show).
     */
    static Map<Group, Long> since(Map<Long, Used> before, Map<Long, Used> after) {
        Map<Group, Long> nanos = new EnumMap<>(Group.class);
        if (before.isEmpty() || after.isEmpty()) {
            return nanos;
        }
        for (Group group : Group.values()) {
            nanos.put(group, 0L);
        }
        after.forEach((tid, used) -> {
            Used earlier = before.get(tid);
            long start = earlier == null || earlier.group() != used.group() ? 0 : earlier.nanos();
            nanos.merge(used.group(), used.nanos() - start, Long::sum);
        });
        return nanos;
    }

    private static Optional<Used> read(Path task, boolean main) {
        try {
            String stat = new String(Files.readAllBytes(task.resolve("stat")), StandardCharsets.UTF_8);
            String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            return Optional.of(new Used(main ? Group.MAIN : groupOf(name), ProcessCpu.nanosInStat(stat)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // the thread ended meanwhile
        }
    }

    private static Group groupOf(String name) {
        if (name.startsWith("kvsync-worker")) {
            return Group.KVSYNC_WORKERS;
        }
        if (name.startsWith("lettuce-")) {
            return Group.LETTUCE;
        }
        if (name.contains("CompilerThre") || name.startsWith("GC Thread") || name.startsWith("G1 ")
                || name.startsWith("VM Thread")) {
            return Group.JIT_AND_GC;
        }
        return Group.OTHER;
    }
}
