package io.kvsync.it.outbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child JVM on the test classpath, whose output is read all the time (so that it never blocks on a full
 * pipe): lines starting with {@value #MARKER} are its markers, kept and echoed, which the test waits for to
 * know where the child is; the last lines of everything else are kept to explain a failure. The test talks
 * to the child through its standard input. {@link #close()} kills it if it still runs.
 */
final class ChildJvm implements AutoCloseable {

    /** How a child's line that the parent waits for begins. */
    static final String MARKER = ">> ";
    private static final int TAIL = 200;

    private final String name;
    private final Process process;
    private final Writer input;
    private final List<String> markers = new ArrayList<>();
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private boolean ended;

    private ChildJvm(String name, Process process) {
        this.name = name;
        this.process = process;
        this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Starts {@code main} in a new JVM with {@code args}; its standard error goes with its standard output. */
    static ChildJvm start(String name, Class<?> main, List<String> args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the child JVM " + name, e);
        }
        ChildJvm child = new ChildJvm(name, process);
        Thread reader = new Thread(child::drain, "child-" + name + "-output");
        reader.setDaemon(true);
        reader.start();
        return child;
    }

    /** Prints a marker line for the parent (from the child); flushed at once. */
    static void mark(String text) {
        synchronized (System.out) {
            System.out.println(MARKER + text);
            System.out.flush();
        }
    }

    String name() {
        return name;
    }

    private void drain() {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                synchronized (this) {
                    if (line.startsWith(MARKER)) {
                        markers.add(line.substring(MARKER.length()));
                        System.out.println("[" + name + "] " + line.substring(MARKER.length()));
                    }
                    tail.addLast(line);
                    if (tail.size() > TAIL) {
                        tail.removeFirst();
                    }
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the child is gone: its output ends here
        }
        synchronized (this) {
            ended = true;
            notifyAll();
        }
    }

    /**
     * Waits for the first marker (its text after {@value #MARKER}) that {@code matching} accepts, among every
     * marker the child printed so far and those it prints within {@code timeout}.
     *
     * @throws AssertionError naming {@code what} and the child's last output, when the child ends or the time
     *                        runs out first
     */
    synchronized String await(String what, Predicate<String> matching, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (true) {
            for (; seen < markers.size(); seen++) {
                if (matching.test(markers.get(seen))) {
                    return markers.get(seen);
                }
            }
            long left = deadline - System.nanoTime();
            if (ended || left <= 0) {
                throw new AssertionError("the child JVM " + name + (ended ? " ended" : " did not get there within "
                        + timeout) + " before " + what + "; its last output:\n" + String.join("\n", tail));
            }
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }

    /** Waits for the first marker that begins with {@code prefix}; returns its text. */
    String await(String prefix, Duration timeout) throws InterruptedException {
        return await(prefix, text -> text.startsWith(prefix), timeout);
    }

    /** Sends {@code line} to the child's standard input. */
    void send(String line) {
        try {
            input.write(line + "\n");
            input.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot talk to the child JVM " + name, e);
        }
    }

    /** Kills the child with SIGKILL (no shutdown hook, no close, no drain) and returns its exit value. */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the child JVM " + name + " did not die within 30 s of SIGKILL");
        }
        return process.exitValue();
    }

    /** Waits for the child to exit by itself; returns its exit value. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the child JVM " + name + " did not exit within " + timeout
                    + "; its last output:\n" + lastOutput());
        }
        return process.exitValue();
    }

    synchronized String lastOutput() {
        return String.join("\n", tail);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
