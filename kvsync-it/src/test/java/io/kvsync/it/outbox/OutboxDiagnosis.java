package io.kvsync.it.outbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * What an outbox that does not empty looks like, for a failure message: its oldest rows, and where this JVM's
 * outbox threads (relay, cleaner) are.
 */
final class OutboxDiagnosis {

    private OutboxDiagnosis() {
    }

    static String describe(String jdbcUrl) {
        StringBuilder text = new StringBuilder("\n  the oldest outbox rows (id, entity_id, op, version, stamp, "
                + "created_ms, retired_keys):");
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select id, entity_id, op, version, stamp, created_ms, retired_keys"
                     + " from " + OutboxSetup.OUTBOX_TABLE + " order by created_ms, id")) {
            int shown = 0;
            while (rows.next() && shown++ < 12) {
                text.append("\n    ").append(rows.getLong(1)).append(", ").append(rows.getString(2)).append(", ")
                        .append(rows.getString(3)).append(", v").append(rows.getLong(4)).append(", ")
                        .append(rows.getLong(5)).append(", ").append(rows.getLong(6)).append(", ")
                        .append(rows.getString(7));
            }
        } catch (SQLException e) {
            text.append(" (cannot read them: ").append(e.getMessage()).append(')');
        }
        for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
            if (thread.getKey().getName().startsWith("kvsync-outbox")) {
                text.append("\n  ").append(thread.getKey().getName()).append(" (").append(thread.getKey().getState())
                        .append(')');
                StackTraceElement[] frames = thread.getValue();
                for (int i = 0; i < Math.min(frames.length, 14); i++) {
                    text.append("\n    at ").append(frames[i]);
                }
            }
        }
        return text.toString();
    }
}
