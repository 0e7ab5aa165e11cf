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
        /** The thread running {@code main}: the benchmark's committing thread. */
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

    private static final long NANOS_PER_TICK = 10_000_000L;

    private ThreadCpu() {
    }

    /** One thread's group and CPU time so far. */
    record Used(Group group, long nanos) {
    }

    /** Each live thread's CPU time so far, by thread id. */
    static Map<Long, Used> snapshot() {
        Map<Long, Used> threads = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                read(task).ifPresent(used -> threads.put(Long.parseLong(task.getFileName().toString()), used));
            }
        } catch (IOException | RuntimeException e) {
            return threads;
        }
        return threads;
    }

    /** Nanoseconds of CPU per group from {@code before} to {@code after}. */
    static Map<Group, Long> since(Map<Long, Used> before, Map<Long, Used> after) {
        Map<Group, Long> nanos = new EnumMap<>(Group.class);
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

    private static Optional<Used> read(Path task) {
        try {
            String stat = new String(Files.readAllBytes(task.resolve("stat")), StandardCharsets.UTF_8);
            String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            // Fields after the parenthesised name: state is the 1st, utime the 12th, stime the 13th.
            String[] fields = stat.substring(stat.lastIndexOf(") ") + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return Optional.of(new Used(groupOf(name), ticks * NANOS_PER_TICK));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // the thread ended meanwhile
        }
    }

    private static Group groupOf(String name) {
        // The launcher's threads keep the process's name: the one that runs main(), and the one that waits for it.
        if (name.equals("java")) {
            return Group.MAIN;
        }
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
