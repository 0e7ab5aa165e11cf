package io.kvsync.it.support;

import io.kvsync.tck.services.TestServices;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code redis-server} child process on a free local port, which a test can stop and start again on
 * the same port.
 *
 * <p>The server keeps no automatic snapshots and no append-only file. {@link #stop()} shuts it down with
 * {@code SHUTDOWN SAVE}, and {@link #start()} loads that snapshot: the data survives a stop as it would on
 * a Redis with persistence, so a test sees what the <em>client</em> lost during the outage, not what a
 * memory-only server forgets when it restarts.
 *
 * <p>The executable is {@code KVSYNC_TEST_REDIS_SERVER} (or the system property
 * {@code kvsync.test.redis.server}), else {@code redis-server} on the {@code PATH}; when there is none,
 * {@link #launch()} skips the calling test, or fails it under {@code -Dkvsync.test.require-services=true}.
 *
 * <p>A server launched by {@link #launchRequiringPassword} requires a password of its default user; this
 * class's own probes and {@code SHUTDOWN} log in with it first.
 *
 * <p>{@link #close()} kills the process and deletes its directory; a JVM shutdown hook kills any
 * process a test failed to close. Not thread-safe: one test drives it.
 */
public final class RedisProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(15);
    /** Processes still running, killed by the shutdown hook if the JVM exits before their test closes them. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    /** Redis's answer to a successful {@code AUTH}. */
    private static final String OK = "+OK\r\n";

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "redis-process-reaper"));
    }

    private final String executable;
    private final Path directory;
    private final int port;
    private final Path configFile;
    private final List<String> arguments;
    /** The default user's password, or {@code null} when the server requires none. */
    private final String password;
    private Process process;

    private RedisProcess(String executable, Path directory, int port, Path configFile, List<String> arguments,
                         String password) {
        this.executable = executable;
        this.directory = directory;
        this.port = port;
        this.configFile = configFile;
        this.arguments = arguments;
        this.password = password;
    }

    /**
     * Starts a server on a free port and waits until it answers {@code PING}.
     *
     * @throws IllegalStateException when no server came up (its log is in the message)
     */
    public static RedisProcess launch() {
        return launch(null, List.of());
    }

    /**
     * Like {@link #launch()}, with a configuration file and further arguments: the file (which must be
     * writable if the server rewrites it, as Sentinel does) is read first, as {@code redis-server} requires;
     * the arguments come after the usual ones and so may add to or override them, e.g.
     * {@code --replicaof 127.0.0.1 6379}, {@code --tls-port …} or {@code --sentinel}. The server must still
     * answer {@code PING} on its plain {@link #port()}.
     *
     * @param configFile the configuration file, or {@code null} for none
     * @throws IllegalStateException when no server came up (its log is in the message)
     */
    public static RedisProcess launch(Path configFile, List<String> arguments) {
        return launch(configFile, arguments, null);
    }

    /**
     * Like {@link #launch(Path, List)} without a configuration file, for a server whose default user requires
     * {@code password} ({@code --requirepass}); the arguments may add ACL users, e.g.
     * {@code --user app on >secret ~* &* +@all}.
     *
     * @param password the default user's password: no spaces, since it travels as a command-line argument
     * @throws IllegalStateException when no server came up (its log is in the message)
     */
    public static RedisProcess launchRequiringPassword(String password, List<String> arguments) {
        List<String> withPassword = new ArrayList<>(List.of("--requirepass", password));
        withPassword.addAll(arguments);
        return launch(null, withPassword, password);
    }

    private static RedisProcess launch(Path configFile, List<String> arguments, String password) {
        List<String> extra = List.copyOf(arguments);
        String executable = TestServices.require(executable(),
                "redis-server (on the PATH, or KVSYNC_TEST_REDIS_SERVER)");
        Path directory;
        try {
            directory = Files.createTempDirectory("kvsync-it-redis");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The free port can be taken between probing and binding; a few tries make that harmless.
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            RedisProcess redis = new RedisProcess(executable, directory, freePort(), configFile, extra, password);
            try {
                redis.start();
                return redis;
            } catch (IllegalStateException e) {
                redis.kill();
                last = e;
            }
        }
        deleteDirectory(directory);
        throw last;
    }

    /** The port the server listens on; the same after every restart. */
    public int port() {
        return port;
    }

    /** The URI a client connects to. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Whether the process is alive. */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Starts the server (again) on its port, with the snapshot of the last {@link #stop()}, and waits
     * until it answers {@code PING}.
     *
     * @throws IllegalStateException when it is already running or does not come up
     */
    public void start() {
        if (isRunning()) {
            throw new IllegalStateException("redis-server on port " + port + " is already running");
        }
        List<String> command = new ArrayList<>(List.of(executable));
        if (configFile != null) {
            command.add(configFile.toString());
        }
        command.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no",
                "--dir", directory.toString(), "--dbfilename", "dump.rdb"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e, e);
        }
        LIVE.add(process);
        awaitReady();
    }

    /**
     * Shuts the server down with {@code SHUTDOWN SAVE} (a snapshot for the next {@link #start()}) and
     * waits until the process has exited; clients see their connections closed and then refused.
     */
    public void stop() {
        if (!isRunning()) {
            return;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout((int) EXIT_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(loggedIn(command("SHUTDOWN", "SAVE")));
            out.flush();
            // A successful shutdown answers nothing (but the login's +OK) and closes the connection.
            InputStream in = socket.getInputStream();
            String reply = new String(in.readNBytes(256), StandardCharsets.UTF_8);
            String refusal = password != null && reply.startsWith(OK) ? reply.substring(OK.length()) : reply;
            if (!refusal.isEmpty()) {
                throw new IllegalStateException("SHUTDOWN SAVE was refused: " + refusal.trim() + "\n" + logTail());
            }
        } catch (IOException e) {
            // The server closing the socket mid-read is the expected outcome; the wait below decides.
        }
        awaitExit();
    }

    /** Kills the process (if running) and deletes its directory. Idempotent. */
    @Override
    public void close() {
        kill();
        deleteDirectory(directory);
    }

    private void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LIVE.remove(process);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                LIVE.remove(process);
                throw new IllegalStateException("redis-server on port " + port + " exited with "
                        + process.exitValue() + "\n" + logTail());
            }
            if (answersPing()) {
                return;
            }
            pause(50);
        }
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING within "
                + READY_TIMEOUT + "\n" + logTail());
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("redis-server on port " + port + " did not exit within "
                        + EXIT_TIMEOUT + " of SHUTDOWN SAVE\n" + logTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server to exit", e);
        }
        LIVE.remove(process);
    }

    /** {@code true} once the server answers {@code +PONG} (while it loads a snapshot it answers an error). */
    private boolean answersPing() {
        String expected = (password == null ? "" : OK) + "+PONG\r\n";
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(1_000);
            socket.getOutputStream().write(loggedIn(command("PING")));
            byte[] reply = socket.getInputStream().readNBytes(expected.length());
            return new String(reply, StandardCharsets.US_ASCII).equals(expected);
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code command}, preceded by {@code AUTH} when the server requires a password (answered {@link #OK}). */
    private byte[] loggedIn(byte[] command) {
        if (password == null) {
            return command;
        }
        byte[] auth = command("AUTH", password);
        byte[] both = Arrays.copyOf(auth, auth.length + command.length);
        System.arraycopy(command, 0, both, auth.length, command.length);
        return both;
    }

    private static byte[] command(String... words) {
        StringBuilder resp = new StringBuilder("*").append(words.length).append("\r\n");
        for (String word : words) {
            resp.append('$').append(word.length()).append("\r\n").append(word).append("\r\n");
        }
        return resp.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private Path log() {
        return directory.resolve("redis.log");
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static Optional<String> executable() {
        String configured = System.getProperty("kvsync.test.redis.server", System.getenv("KVSYNC_TEST_REDIS_SERVER"));
        if (configured != null && !configured.isBlank()) {
            return Optional.of(configured.trim());
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator))
                .map(dir -> Path.of(dir, "redis-server"))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .findFirst();
    }

    /**
     * A port that is free now, chosen below the usual ephemeral range (32768 and up): while the server is
     * stopped, its port must not be handed out as the source port of some outgoing connection (a client's
     * reconnect attempt can even connect to itself that way), or the restart could not bind it. Also for a
     * second port a test gives a server itself (such as {@code --tls-port}).
     */
    public static int freePort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            try (ServerSocket socket = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                // Taken: try another.
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server", e);
        }
    }

    private static void deleteDirectory(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // A leftover temp directory is harmless; the test's outcome must not depend on it.
        }
    }
}
