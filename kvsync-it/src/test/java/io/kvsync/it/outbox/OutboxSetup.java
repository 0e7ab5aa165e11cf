package io.kvsync.it.outbox;

import io.kvsync.engine.KvSync;
import io.kvsync.spi.KvStore;
import io.kvsync.store.redis.RedisKvStore;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the outbox tests and their child JVMs build alike: the session factory on {@link Account}, the Redis
 * store under a prefix of the test's own, the engine settings of each delivery mode, and plain-JDBC access
 * to the outbox table. The outbox table has a name of this package's own ({@value #OUTBOX_TABLE}), so that
 * no other test's outbox (or its drop) can meet these tests' rows.
 */
final class OutboxSetup {

    /** The outbox table of these tests ({@code kvsync.outbox.table}). */
    static final String OUTBOX_TABLE = "it_outbox_changes";
    /** How the relay names the entity in the outbox table (Hibernate's entity name). */
    static final String ENTITY = Account.class.getName();

    private OutboxSetup() {
    }

    /** A session factory on {@link Account}; {@code schemaAction}: hbm2ddl's ({@code create-drop}, {@code none}). */
    static SessionFactory sessionFactory(String jdbcUrl, String schemaAction, int poolSize) {
        return new Configuration()
                .addAnnotatedClass(Account.class)
                .setProperty("hibernate.connection.url", jdbcUrl)
                .setProperty("hibernate.connection.pool_size", String.valueOf(poolSize))
                .setProperty("hibernate.hbm2ddl.auto", schemaAction)
                .buildSessionFactory();
    }

    /** A Redis store under {@code prefix}, with a command and connect timeout of {@code timeout}. */
    static KvStore redis(String uri, String prefix, Duration timeout) {
        return RedisKvStore.builder().uri(uri).prefix(prefix).timeout(timeout).connectTimeout(timeout).build();
    }

    static KvStore redis(String uri, String prefix) {
        return redis(uri, prefix, Duration.ofSeconds(2));
    }

    /** An engine on {@code store} with {@code settings}; failed writes are retried after 5 ms, up to 200 ms apart. */
    static KvSync engine(KvStore store, Map<String, String> settings) {
        return KvSync.builder().store(store).properties(settings)
                .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(200)).build();
    }

    /** An engine that only reads, straight from Redis under {@code prefix}: a test's view of the store. */
    static KvSync reader(String uri, String prefix) {
        return KvSync.builder().store(redis(uri, prefix, Duration.ofSeconds(5))).workers(1).build();
    }

    /**
     * The settings of {@code kvsync.delivery=outbox} on {@link #OUTBOX_TABLE}: the relay takes rows older than
     * {@code grace}, {@code batchSize} at a time, and looks every 200 ms.
     */
    static Map<String, String> outbox(String grace, int batchSize) {
        Map<String, String> settings = new HashMap<>();
        settings.put("kvsync.delivery", "outbox");
        settings.put("kvsync.outbox.table", OUTBOX_TABLE);
        settings.put("kvsync.outbox.grace", grace);
        settings.put("kvsync.outbox.poll-interval", "200ms");
        settings.put("kvsync.outbox.batch-size", String.valueOf(batchSize));
        return settings;
    }

    /** A key prefix no other test (or run) uses. */
    static String newPrefix(String test) {
        return "kvsync-it-outbox:" + test + ":" + UUID.randomUUID() + ":";
    }

    /** The port of a {@code redis://host:port} URI (6379 when it names none). */
    static int port(String redisUri) {
        int port = URI.create(redisUri).getPort();
        return port < 0 ? 6379 : port;
    }

    static void dropOutboxTable(String jdbcUrl) {
        update(jdbcUrl, "drop table if exists " + OUTBOX_TABLE);
    }

    /** The rows in the outbox table now; 0 when it does not exist yet. */
    static long outboxRows(String jdbcUrl) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("select count(*) from " + OUTBOX_TABLE)) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the rows of " + OUTBOX_TABLE + ": " + e.getMessage(), e);
        }
    }

    /** The outbox rows of the change of row {@code id} by {@code operation} (I, U or D) at {@code version}. */
    static long outboxRowsOf(String jdbcUrl, long id, char operation, long version) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
            return outboxRowsOf(connection, id, operation, version);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + OUTBOX_TABLE + ": " + e.getMessage(), e);
        }
    }

    /** Like {@link #outboxRowsOf(String, long, char, long)}, through {@code connection} (and its transaction). */
    static long outboxRowsOf(Connection connection, long id, char operation, long version) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select count(*) from " + OUTBOX_TABLE
                + " where entity = ? and entity_id = ? and op = ? and version = ?")) {
            select.setString(1, ENTITY);
            select.setString(2, String.valueOf(id));
            select.setString(3, String.valueOf(operation));
            select.setLong(4, version);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static void update(String jdbcUrl, String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run \"" + sql + "\": " + e.getMessage(), e);
        }
    }

    /** Removes every Redis key under {@code prefix} (the test's own), tombstones included. */
    static void deleteRedisKeys(String redisUri, String prefix) {
        try (Jedis jedis = new Jedis(URI.create(redisUri))) {
            ScanParams match = new ScanParams().match(prefix + "*").count(1000);
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = jedis.scan(cursor, match);
                List<String> keys = page.getResult();
                if (!keys.isEmpty()) {
                    jedis.del(keys.toArray(String[]::new));
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
    }
}
