package io.kvsync.it.outbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Which statements wait for which transactions' locks now, to explain a commit that waits. */
final class LockReport {

    private LockReport() {
    }

    /** The lock waits in the database, one line each; empty when none. */
    static String waits(String jdbcUrl) {
        String sql = jdbcUrl.startsWith("jdbc:postgresql:")
                ? "select waiting.pid, left(waiting.query, 140), blocking.pid, blocking.state,"
                + " left(blocking.query, 140) from pg_stat_activity waiting join pg_stat_activity blocking"
                + " on blocking.pid = any(pg_blocking_pids(waiting.pid))"
                : "select w.requesting_trx_id, left(r.trx_query, 140), w.blocking_trx_id, b.trx_state,"
                + " coalesce(left(b.trx_query, 140), '(idle in transaction)'), l.lock_mode, l.lock_index, l.lock_data"
                + " from information_schema.innodb_lock_waits w"
                + " join information_schema.innodb_trx r on r.trx_id = w.requesting_trx_id"
                + " join information_schema.innodb_trx b on b.trx_id = w.blocking_trx_id"
                + " left join information_schema.innodb_locks l on l.lock_id = w.blocking_lock_id";
        StringBuilder report = new StringBuilder();
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                report.append("\n  waits: ").append(rows.getString(2)).append(" (").append(rows.getString(1))
                        .append(") for ").append(rows.getString(3)).append(" [").append(rows.getString(4)).append("] ")
                        .append(rows.getString(5));
                for (int c = 6; c <= columns; c++) {
                    report.append(' ').append(rows.getString(c));
                }
            }
        } catch (SQLException e) {
            return "\n  (cannot list the lock waits: " + e.getMessage() + ")";
        }
        return report.length() == 0 ? "\n  (no lock waits)" : report.toString();
    }
}
