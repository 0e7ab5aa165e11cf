package io.kvsync.it.topology;

import io.kvsync.it.support.Eventually;
import io.kvsync.it.support.RedisProcess;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A master, its replica and one Sentinel monitoring them as {@value #MASTER_NAME} (quorum 1), each a
 * {@code redis-server} process of the test's own on a free port; Sentinel is the same binary started with
 * {@code --sentinel} and a configuration file it may rewrite. {@link #start()} returns once the replica is
 * in sync and Sentinel knows both servers, so a fail-over can be asked for at once.
 *
 * <p>Skips the calling test, or fails it under {@code -Dkvsync.test.require-services=true}, when
 * {@code redis-server} is missing. Not thread-safe.
 */
final class SentinelRedis implements AutoCloseable {

    static final String MASTER_NAME = "mymaster";
    private static final Duration SETTLE = Duration.ofSeconds(20);
    private static final Duration FAIL_OVER = Duration.ofSeconds(30);

    private final Path directory;
    private final RedisProcess first;
    private final RedisProcess second;
    private final RedisProcess sentinel;

    private SentinelRedis(Path directory, RedisProcess first, RedisProcess second, RedisProcess sentinel) {
        this.directory = directory;
        this.first = first;
        this.second = second;
        this.sentinel = sentinel;
    }

    /** Starts master, replica and Sentinel, and waits until replication and monitoring are up. */
    static SentinelRedis start() {
        RedisProcess master = RedisProcess.launch();
        RedisProcess replica = null;
        Path directory = null;
        try {
            replica = RedisProcess.launch(null, List.of("--replicaof", "127.0.0.1", Integer.toString(master.port())));
            directory = Files.createTempDirectory("kvsync-it-sentinel");
            Path config = directory.resolve("sentinel.conf");
            // A short down-after and fail-over timeout keep a requested fail-over quick.
            Files.writeString(config, "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + master.port() + " 1\n"
                    + "sentinel down-after-milliseconds " + MASTER_NAME + " 1000\n"
                    + "sentinel failover-timeout " + MASTER_NAME + " 10000\n");
            RedisProcess sentinel = RedisProcess.launch(config, List.of("--sentinel"));
            SentinelRedis redis = new SentinelRedis(directory, master, replica, sentinel);
            redis.awaitSettled(master, replica);
            return redis;
        } catch (IOException e) {
            closeAll(master, replica, directory);
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            closeAll(master, replica, directory);
            throw e;
        }
    }

    /** {@code redis-sentinel://127.0.0.1:<sentinel port>#mymaster}. */
    String uri() {
        return "redis-sentinel://127.0.0.1:" + sentinel.port() + "#" + MASTER_NAME;
    }

    /** The same Sentinel, asked for a master it does not monitor. */
    String uriOfUnknownMaster() {
        return "redis-sentinel://127.0.0.1:" + sentinel.port() + "#no-such-master";
    }

    /** The port of the server Sentinel currently names as master. */
    int masterPort() {
        try (Jedis jedis = new Jedis("127.0.0.1", sentinel.port())) {
            return Integer.parseInt(jedis.sentinelGetMasterAddrByName(MASTER_NAME).get(1));
        }
    }

    /** The port of the other server: the replica, as far as Sentinel is concerned. */
    int replicaPort() {
        int master = masterPort();
        return master == first.port() ? second.port() : first.port();
    }

    /**
     * Asks Sentinel to fail over, and returns once Sentinel names the former replica as master. The former
     * master still takes writes from clients connected to it until Sentinel turns it into a replica, some
     * seconds later (about ten here; see {@link #awaitDemoted}), and those writes are then lost.
     *
     * @return the port of the new master
     */
    int failOver() {
        int newMaster = replicaPort();
        try (Jedis jedis = new Jedis("127.0.0.1", sentinel.port())) {
            String answer = jedis.sentinelFailover(MASTER_NAME);
            if (!"OK".equals(answer)) {
                throw new IllegalStateException("SENTINEL FAILOVER answered " + answer);
            }
        }
        if (!Eventually.within(FAIL_OVER, () -> masterPort() == newMaster)) {
            throw new IllegalStateException("Sentinel did not switch to " + newMaster + " within " + FAIL_OVER);
        }
        return newMaster;
    }

    /** Returns once the server on {@code oldMaster} is a replica of {@code newMaster}. */
    void awaitDemoted(int oldMaster, int newMaster) {
        if (!Eventually.within(FAIL_OVER, () -> replicaInfo(oldMaster).contains("master_port:" + newMaster))) {
            throw new IllegalStateException("Sentinel did not turn " + oldMaster + " into a replica of " + newMaster
                    + " within " + FAIL_OVER);
        }
    }

    /** Whether the server on {@code port} holds {@code key} (read directly, not through Sentinel). */
    static boolean holds(int port, String key) {
        try (Jedis jedis = new Jedis("127.0.0.1", port)) {
            return jedis.exists(key);
        }
    }

    @Override
    public void close() {
        sentinel.close();
        closeAll(first, second, directory);
    }

    private void awaitSettled(RedisProcess master, RedisProcess replica) {
        boolean settled = Eventually.within(SETTLE, () -> replicatesFrom(replica.port(), master.port())
                && masterPort() == master.port() && sentinelSeesReplica(replica.port()));
        if (!settled) {
            throw new IllegalStateException("replica " + replica.port() + " of master " + master.port()
                    + " and Sentinel " + sentinel.port() + " did not settle within " + SETTLE);
        }
    }

    /** Whether the server on {@code replica} is a replica of {@code master} with the link up. */
    private static boolean replicatesFrom(int replica, int master) {
        String info = replicaInfo(replica);
        return info.contains("master_port:" + master) && info.contains("master_link_status:up");
    }

    /**
     * The server's {@code INFO replication} if it is a replica, else the empty string; also when the probe's
     * connection breaks, as it does when Sentinel demotes the server (it kills the clients of a master it
     * turns into a replica).
     */
    private static String replicaInfo(int port) {
        try (Jedis jedis = new Jedis("127.0.0.1", port)) {
            String info = jedis.info("replication");
            return info.contains("role:slave") ? info : "";
        } catch (JedisConnectionException e) {
            return "";
        }
    }

    /** Whether Sentinel lists the server on {@code port} as a replica that is not down. */
    private boolean sentinelSeesReplica(int port) {
        try (Jedis jedis = new Jedis("127.0.0.1", sentinel.port())) {
            List<Map<String, String>> replicas = jedis.sentinelReplicas(MASTER_NAME);
            return replicas.stream().anyMatch(replica -> String.valueOf(port).equals(replica.get("port"))
                    && !replica.getOrDefault("flags", "").contains("down")
                    && "ok".equals(replica.get("master-link-status")));
        }
    }

    private static void closeAll(RedisProcess master, RedisProcess replica, Path directory) {
        try {
            if (replica != null) {
                replica.close();
            }
        } finally {
            master.close();
            if (directory != null) {
                TlsRedis.deleteDirectory(directory);
            }
        }
    }
}
