package io.kvsync.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time used so far by the processes whose command line contains a given text, read from Linux's
 * {@code /proc/<pid>/stat} (user plus system time, in clock ticks of 10 ms), and the parsing of such a file
 * that {@link ThreadCpu} shares. Off Linux, always 0.
 */
final class ProcessCpu {

    /** {@code /proc}'s clock tick: 100 per second on every Linux this runs on ({@code getconf CLK_TCK}). */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ProcessCpu() {
    }

    /** Nanoseconds of CPU used by all processes whose command line contains {@code commandLinePart}. */
    static long nanos(String commandLinePart) {
        long nanos = 0;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                nanos += nanosOf(process, commandLinePart);
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return nanos;
    }

    /** Nanoseconds of CPU this JVM has used, all threads. */
    static long thisJvm() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * Nanoseconds of CPU (user plus system) in the text of a {@code /proc/<pid>/stat} or
     * {@code /proc/<pid>/task/<tid>/stat} file.
     *
     * @throws RuntimeException when the text is not in that format
     */
    static long nanosInStat(String stat) {
        // Fields after the parenthesised name (which may itself hold ") "): state is the 1st, utime the 12th, stime the 13th.
        String[] fields = stat.substring(stat.lastIndexOf(") ") + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
    }

    private static long nanosOf(Path process, String commandLinePart) {
        try {
            String commandLine = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
            if (!commandLine.contains(commandLinePart)) {
                return 0;
            }
            return nanosInStat(Files.readString(process.resolve("stat")));
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended meanwhile, or is not ours to read
        }
    }
}
