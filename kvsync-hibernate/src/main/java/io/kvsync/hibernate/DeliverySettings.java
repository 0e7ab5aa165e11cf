package io.kvsync.hibernate;

import io.kvsync.api.KvSyncConfigurationException;
import io.kvsync.spi.KvSyncConfig;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How the Hibernate integration delivers committed changes to the engine ({@value #DELIVERY}), and the
 * outbox's settings, read from the {@link io.kvsync.engine.KvSync}'s configuration.
 *
 * @param outbox            {@code true} for {@code kvsync.delivery=outbox}, {@code false} for {@code memory}
 * @param table             the outbox table's name
 * @param ddl               what is done about the table at start-up
 * @param grace             how old an outbox row must be before the relay takes it from the fast path
 * @param pollInterval      how often the relay looks for such rows and measures the outbox
 * @param batchSize         rows the relay claims per pass
 * @param relayTimeout      how long the relay waits for the store to take a claimed batch
 * @param offerTimeout      how long a committing thread waits for room in the queue before leaving a
 *                          change to the outbox relay or to the re-read of refused rows
 * @param overflowCapacity  (memory delivery) the most refused rows remembered for a re-read
 */
record DeliverySettings(boolean outbox, String table, Ddl ddl, Duration grace, Duration pollInterval, int batchSize,
                        Duration relayTimeout, Duration offerTimeout, int overflowCapacity) {

    static final String DELIVERY = "kvsync.delivery";
    static final String TABLE = "kvsync.outbox.table";
    static final String DDL = "kvsync.outbox.ddl";
    static final String GRACE = "kvsync.outbox.grace";
    static final String POLL_INTERVAL = "kvsync.outbox.poll-interval";
    static final String BATCH_SIZE = "kvsync.outbox.batch-size";
    static final String RELAY_TIMEOUT = "kvsync.outbox.relay-timeout";
    static final String OFFER_TIMEOUT = "kvsync.hibernate.offer-timeout";
    static final String OVERFLOW_CAPACITY = "kvsync.hibernate.overflow-capacity";

    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    /** What {@link Outbox} does about its table at start-up. */
    enum Ddl {
        /** Create the table (and its index) when missing, then validate it. */
        CREATE,
        /** Fail at start-up unless the table exists with the expected columns. */
        VALIDATE,
        /** Trust that the table exists (created by a migration tool). */
        NONE
    }

    static DeliverySettings of(KvSyncConfig config) {
        String delivery = config.getString(DELIVERY, "memory").trim().toLowerCase(Locale.ROOT);
        if (!delivery.equals("memory") && !delivery.equals("outbox")) {
            throw new KvSyncConfigurationException(DELIVERY + " must be memory or outbox, not \"" + delivery + "\"");
        }
        String table = config.getString(TABLE, "kvsync_outbox").trim();
        if (!TABLE_NAME.matcher(table).matches()) {
            throw new KvSyncConfigurationException(TABLE + " must be a plain table name, optionally schema-qualified"
                    + " (letters, digits, underscores), not \"" + table + "\"");
        }
        String ddl = config.getString(DDL, "create").trim().toUpperCase(Locale.ROOT);
        Ddl mode;
        try {
            mode = Ddl.valueOf(ddl);
        } catch (IllegalArgumentException e) {
            throw new KvSyncConfigurationException(DDL + " must be create, validate or none, not \""
                    + config.getString(DDL, "") + "\"");
        }
        int batchSize = config.getInt(BATCH_SIZE, 500);
        if (batchSize < 1 || batchSize > 10_000) {
            throw new KvSyncConfigurationException(BATCH_SIZE + " must be between 1 and 10000, not " + batchSize);
        }
        int overflow = config.getInt(OVERFLOW_CAPACITY, 100_000);
        if (overflow < 0) {
            throw new KvSyncConfigurationException(OVERFLOW_CAPACITY + " must not be negative: " + overflow);
        }
        return new DeliverySettings(delivery.equals("outbox"), table, mode,
                positive(GRACE, config.getDuration(GRACE, Duration.ofSeconds(5)), true),
                positive(POLL_INTERVAL, config.getDuration(POLL_INTERVAL, Duration.ofSeconds(1)), false),
                batchSize,
                positive(RELAY_TIMEOUT, config.getDuration(RELAY_TIMEOUT, Duration.ofSeconds(30)), false),
                positive(OFFER_TIMEOUT, config.getDuration(OFFER_TIMEOUT, Duration.ZERO), true),
                overflow);
    }

    private static Duration positive(String key, Duration value, boolean zeroAllowed) {
        if (value.isNegative() || (!zeroAllowed && value.isZero())) {
            throw new KvSyncConfigurationException(key + " must be " + (zeroAllowed ? "zero or more" : "positive")
                    + ", not " + value);
        }
        return value;
    }
}
