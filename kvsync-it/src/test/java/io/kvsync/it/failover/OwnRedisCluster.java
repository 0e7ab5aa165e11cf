package io.kvsync.it.failover;

import io.kvsync.tck.services.TestServices;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * A Redis Cluster (3 masters, 3 replicas) of this test's own, started with the repository's
 * {@code scripts/redis-cluster.sh} on ports {@value #BASE_PORT}–{@value #BASE_PORT}+5, apart from the
 * shared cluster other tests use; and the fail-overs done to it, through {@code redis-cli}. Not
 * thread-safe.
 */
final class OwnRedisCluster implements AutoCloseable {

    static final int BASE_PORT = 7100;
    private static final String DIR = "/tmp/kvsync-it-cluster";
    private static final Duration COMMAND_DEADLINE = Duration.ofSeconds(60);
    private static final Duration FAILOVER_DEADLINE = Duration.ofSeconds(60);
    /**
     * Longer than Redis gives a manual fail-over (5 s to catch up) and its election (twice the node
     * timeout of 5 s), so that asking again never cuts into an attempt still running.
     */
    private static final Duration ASK_AGAIN_AFTER = Duration.ofSeconds(12);

    /** A master and the replica that took it over. */
    record Failover(int oldMaster, int newMaster) {
    }

    private final Path script;
    /** Ports in a fail-over since {@link #forgetFailovers()}, so that the next one moves other slots. */
    private final Set<Integer> involved = new HashSet<>();

    private OwnRedisCluster(Path script) {
        this.script = script;
    }

    /**
     * Starts a fresh cluster (stopping any left over from an earlier run first); skips the test, or fails
     * it when services are required, if Redis is not installed.
     */
    static OwnRedisCluster start() {
        TestServices.require(onPath("redis-server").flatMap(server -> onPath("redis-cli")),
                "redis-server and redis-cli on the PATH (Debian's redis-server package), for a Redis Cluster of the test's own");
        OwnRedisCluster cluster = new OwnRedisCluster(findScript());
        cluster.runScript("stop");
        try {
            cluster.runScript("start");
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Seed URIs for a cluster client: the first three nodes. */
    List<String> seedUris() {
        return IntStream.range(0, 3).mapToObj(i -> "redis://127.0.0.1:" + (BASE_PORT + i)).toList();
    }

    /**
     * Sends {@code CLUSTER FAILOVER} to a replica of a master not involved in an earlier fail-over (since
     * {@link #forgetFailovers()}), and returns once the replica is master, the old master is its replica
     * with the replication link up, and every node reports the cluster as ok: healthy again, so that any
     * pair may fail over next. Asks again when Redis gave an attempt up.
     */
    Failover failOverAMaster() {
        Failover failover = pickReplica();
        requestFailover(failover);
        long deadline = System.nanoTime() + FAILOVER_DEADLINE.toNanos();
        long askAgainAt = System.nanoTime() + ASK_AGAIN_AFTER.toNanos();
        int requests = 1;
        while (!tookOver(failover)) {
            long now = System.nanoTime();
            if (now > deadline) {
                throw new IllegalStateException("waited " + FAILOVER_DEADLINE + " (" + requests
                        + " CLUSTER FAILOVER requests) for 127.0.0.1:" + failover.newMaster() + " to take over from 127.0.0.1:"
                        + failover.oldMaster() + "; " + describe(failover));
            }
            // Redis drops a manual fail-over silently when the replica has not caught up with the paused
            // master within 5 s, or not won its election in time, which a loaded machine can make happen:
            // the replica then stays a replica, and only asking again moves it.
            if (now > askAgainAt && role(failover.newMaster()).equals("slave")) {
                requestFailover(failover);
                requests++;
                askAgainAt = now + ASK_AGAIN_AFTER.toNanos();
            }
            pause();
        }
        involved.add(failover.oldMaster());
        involved.add(failover.newMaster());
        return failover;
    }

    private void requestFailover(Failover failover) {
        String answer = cli(failover.newMaster(), "cluster", "failover");
        if (!answer.equals("OK")) {
            throw new IllegalStateException("CLUSTER FAILOVER on 127.0.0.1:" + failover.newMaster() + " answered " + answer);
        }
    }

    private boolean tookOver(Failover failover) {
        return role(failover.newMaster()).equals("master") && role(failover.oldMaster()).equals("slave")
                && replicationLinkUp(failover.oldMaster())
                && IntStream.range(0, 6).allMatch(i -> clusterOk(BASE_PORT + i));
    }

    /** What a fail-over that did not finish left behind, for the failure message. */
    private String describe(Failover failover) {
        List<String> notOk = IntStream.range(0, 6).map(i -> BASE_PORT + i).filter(port -> !clusterOk(port))
                .mapToObj(Integer::toString).toList();
        return "the new master's role: " + role(failover.newMaster()) + ", the old master's role: "
                + role(failover.oldMaster()) + ", its replication link up: " + replicationLinkUp(failover.oldMaster())
                + ", nodes not reporting cluster_state:ok: " + notOk + "; the new master's log ends with:\n"
                + logTail(failover.newMaster());
    }

    private static String logTail(int port) {
        Path log = Path.of(DIR, "redis-" + port + ".log");
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(" + log + " unreadable: " + e + ")";
        }
    }

    /** Lets the next fail-overs pick any master again: each fail-over leaves the cluster healthy. */
    void forgetFailovers() {
        involved.clear();
    }

    /** The role ({@code master} or {@code slave}) that the node on {@code port} reports. */
    String role(int port) {
        return cli(port, "role").lines().findFirst().orElse("");
    }

    @Override
    public void close() {
        runScript("stop");
    }

    private Failover pickReplica() {
        Map<String, Integer> portById = new HashMap<>();
        List<String[]> replicas = new ArrayList<>();
        for (String line : cli(BASE_PORT, "cluster", "nodes").lines().toList()) {
            String[] fields = line.split(" ");
            int port = Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1, fields[1].indexOf('@')));
            portById.put(fields[0], port);
            if (fields[2].contains("slave") && !fields[2].contains("fail")) {
                replicas.add(new String[] {Integer.toString(port), fields[3]});
            }
        }
        for (String[] replica : replicas) {
            int replicaPort = Integer.parseInt(replica[0]);
            Integer masterPort = portById.get(replica[1]);
            if (masterPort != null && !involved.contains(masterPort) && !involved.contains(replicaPort)) {
                return new Failover(masterPort, replicaPort);
            }
        }
        throw new IllegalStateException("no replica left whose master has not failed over yet: "
                + cli(BASE_PORT, "cluster", "nodes"));
    }

    private static boolean replicationLinkUp(int port) {
        return cli(port, "info", "replication").lines().anyMatch(line -> line.equals("master_link_status:up"));
    }

    private boolean clusterOk(int port) {
        return cli(port, "cluster", "info").lines().anyMatch(line -> line.equals("cluster_state:ok"));
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a fail-over", e);
        }
    }

    private static String cli(int port, String... command) {
        List<String> line = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        line.addAll(List.of(command));
        return run(new ProcessBuilder(line)).strip();
    }

    private void runScript(String action) {
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), action);
        builder.environment().put("KVSYNC_CLUSTER_BASE_PORT", Integer.toString(BASE_PORT));
        builder.environment().put("KVSYNC_CLUSTER_DIR", DIR);
        run(builder);
    }

    /** Runs a command to its end and returns its output; fails when it exits with an error. */
    private static String run(ProcessBuilder builder) {
        Path output = null;
        try {
            // A file, not a pipe: a server the script starts must not keep our read open.
            output = Files.createTempFile("kvsync-it-cluster", ".out");
            builder.redirectErrorStream(true).redirectOutput(output.toFile());
            Process process = builder.start();
            if (!process.waitFor(COMMAND_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(builder.command() + " did not finish within " + COMMAND_DEADLINE);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(builder.command() + " exited with " + process.exitValue() + ": " + text);
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + builder.command(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + builder.command(), e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // A leftover temporary file is harmless.
                }
            }
        }
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The script lives at the repository root; tests run in the module's folder. */
    private static Path findScript() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("scripts/redis-cluster.sh");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("scripts/redis-cluster.sh not found above " + Path.of("").toAbsolutePath());
    }
}
