package io.kvsync.benchmarks;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The outbox table of the end-to-end report's outbox scenarios (2d, 4d, 6; {@code kvsync.delivery=outbox}),
 * in the report's own schema: the default name, unqualified, would land in the database's {@code public}
 * schema, where other modules' tests keep outbox tables of their own. Each scenario drops it before and
 * after, so that no row of one reaches another; dropping the schema at the end removes it too. Also keeps
 * a copy of a backlog (scenario 6), restored before each round. Thread-safe: every call takes a
 * connection of its own from the pool.
 */
final class OutboxTable {

    /** The Hibernate integration's delivery setting, and its outbox settings used here. */
    static final String DELIVERY = "kvsync.delivery";
    static final String TABLE = "kvsync.outbox.table";
    static final String GRACE = "kvsync.outbox.grace";
    static final String POLL_INTERVAL = "kvsync.outbox.poll-interval";

    /** How often {@link #awaitEmpty} looks: the resolution of scenario 6's time, at a cost PostgreSQL hardly notices. */
    private static final Duration POLL = Duration.ofMillis(25);

    private final DataSource dataSource;
    private final String table;
    private final String backlog;

    OutboxTable(DataSource dataSource, String schema) {
        this.dataSource = dataSource;
        this.table = schema + ".kvsync_outbox";
        this.backlog = schema + ".kvsync_outbox_backlog";
    }

    /** The engine settings that make a {@code KvSync}'s Hibernate integration record into this table. */
    Map<String, String> settings() {
        return Map.of(DELIVERY, "outbox", TABLE, table);
    }

    /** Drops the table and the kept backlog, when they exist. */
    void drop() throws SQLException {
        execute("drop table if exists " + table, "drop table if exists " + backlog);
    }

    /** The rows in the table now. */
    long rows() throws SQLException {
        return queryLong("select count(*) from " + table);
    }

    /**
     * Looks every 25 ms until the table has no row.
     *
     * @return {@link System#nanoTime()} when a look found it empty
     * @throws IllegalStateException when rows are still there after {@code timeout}, or the table cannot be read
     */
    long awaitEmpty(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                // Cheaper than a count: stops at the first live row.
                if (queryLong("select case when exists (select 1 from " + table + ") then 1 else 0 end") == 0) {
                    return System.nanoTime();
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(rows() + " rows were still in the outbox table " + table + " "
                            + timeout.toSeconds() + " s later");
                }
                LockSupport.parkNanos(POLL.toNanos());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the outbox table " + table + ": " + e.getMessage(), e);
        }
    }

    /** Keeps a copy of the table's rows now (a backlog), replacing an earlier copy. */
    void keepBacklog() throws SQLException {
        execute("drop table if exists " + backlog, "create table " + backlog + " as select * from " + table);
    }

    /** Empties the table, then puts back the first {@code limit} rows of the kept backlog, oldest first. */
    void restoreBacklog(int limit) throws SQLException {
        execute("truncate table " + table, "insert into " + table + " select * from " + backlog
                + " order by created_ms, id limit " + limit);
    }

    private void execute(String... statements) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private long queryLong(String query) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(query)) {
            row.next();
            return row.getLong(1);
        }
    }
}
