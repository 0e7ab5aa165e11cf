package io.kvsync.it.outbox;

import io.kvsync.engine.KvSync;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;

/**
 * What an outbox that does not empty looks like, for a failure message: its oldest rows, and where this JVM's
 * outbox threads (relay, cleaner) are.
 */
final class OutboxDiagnosis {

    private OutboxDiagnosis() {
    }

    /** The outbox rows whose change the fast path holds in the engine's queue (the relay leaves them alone). */
    @SuppressWarnings("unchecked")
    private static Set<Long> inFlight(KvSync kv) {
        try {
            Field gauge = KvSync.class.getDeclaredField("outbox");
            gauge.setAccessible(true);
            Object outbox = gauge.get(kv);
            Field field = outbox.getClass().getDeclaredField("inFlight");
            field.setAccessible(true);
            return Set.copyOf((Set<Long>) field.get(outbox));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Set.of();
        }
    }

    static String describe(String jdbcUrl, KvSync kv) {
        Set<Long> inFlight = inFlight(kv);
        StringBuilder text = new StringBuilder("\n  the oldest outbox rows (id, entity_id, op, version, stamp, "
                + "created_ms, retired_keys, claimed_until, whether this JVM's fast path holds it in flight):");
        int left = 0;
        int leftInFlight = 0;
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select id, entity_id, op, version, stamp, created_ms, retired_keys,"
                     + " claimed_until from " + OutboxSetup.OUTBOX_TABLE + " order by created_ms, id")) {
            while (rows.next()) {
                boolean held = inFlight.contains(rows.getLong(1));
                left++;
                leftInFlight += held ? 1 : 0;
                if (left <= 12) {
                    text.append("\n    ").append(rows.getLong(1)).append(", ").append(rows.getString(2)).append(", ")
                            .append(rows.getString(3)).append(", v").append(rows.getLong(4)).append(", ")
                            .append(rows.getLong(5)).append(", ").append(rows.getLong(6)).append(", ")
                            .append(rows.getString(7)).append(", ").append(rows.getString(8)).append(", ")
                            .append(held ? "in flight" : "not in flight");
                }
            }
            text.append("\n  ").append(left).append(" rows left, ").append(leftInFlight).append(" of them in flight; ")
                    .append(inFlight.size()).append(" rows in flight in all");
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
