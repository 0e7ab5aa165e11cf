package io.kvsync.hibernate;

import io.kvsync.api.KvSyncConfigurationException;
import io.kvsync.api.KvSyncException;
import io.kvsync.api.Syncable;
import io.kvsync.engine.CommitClock;
import io.kvsync.engine.KvSync;
import io.kvsync.engine.OutboxGauge;
import org.hibernate.engine.jdbc.connections.spi.JdbcConnectionAccess;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.entity.EntityPersister;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The transactional outbox ({@code kvsync.delivery=outbox}): every change of a {@link Syncable} entity
 * also inserts a row into the outbox table in its own transaction ({@link #record}), so that what commits
 * is on record even if this process dies before replicating it. The fast path is unchanged (the change is
 * enqueued after the commit); when the store has every write of a change, its row is deleted, in batches,
 * by the cleaner thread. The relay thread takes rows that no fast path acknowledged within the grace
 * period, whoever wrote them (a dead JVM, a change a full queue refused): it claims a batch in a short
 * transaction that skips rows other claims hold locked and leases the rest (see {@link OutboxSql}), delivers
 * them again from the database ({@link Redelivery}), and deletes those the store took. It runs once at
 * start-up too. Both threads stop when the session factory or the {@code KvSync} closes. Besides the
 * application's, they use up to three connections at once: the claim, the relay's reads, the cleaner.
 */
final class Outbox implements OutboxGauge, AutoCloseable {

    private static final System.Logger LOG = System.getLogger("io.kvsync.hibernate");
    private static final AtomicInteger NEXT_ID = new AtomicInteger();
    /** How much longer than the relay's wait for the store a lease lasts (clocks of two JVMs differ a little). */
    private static final long LEASE_MARGIN_MILLIS = 5_000;
    /** The most identifiers one delete statement lists. */
    private static final int DELETE_BATCH = 500;

    private final SessionFactoryImplementor factory;
    private final KvSync kv;
    private final DeliverySettings settings;
    private final OutboxSql sql;
    private final Redelivery redelivery;
    private final OutboxTransactions transactions;
    /** Rows whose change this process's fast path holds in its queue: the relay leaves them alone. */
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    /** Rows whose change the store has: to be deleted. */
    private final ConcurrentLinkedQueue<Long> written = new ConcurrentLinkedQueue<>();
    private final Object wake = new Object();
    private volatile boolean closed;
    private volatile long depth;
    /** When the oldest row was created, as last measured; {@code -1} when there is none. */
    private volatile long oldestCreatedMillis = -1;
    private Thread relay;
    private Thread cleaner;

    Outbox(SessionFactoryImplementor factory, KvSync kv, DeliverySettings settings) {
        this.factory = factory;
        this.kv = kv;
        this.settings = settings;
        this.sql = OutboxSql.of(settings.table(), factory.getJdbcServices().getDialect());
        this.redelivery = new Redelivery(factory, kv);
        this.transactions = new OutboxTransactions(factory, settings.table());
    }

    /**
     * Checks that every {@code Syncable} entity can be recorded, prepares the table as {@code kvsync.outbox.ddl}
     * says, and starts the relay and the cleaner.
     *
     * @throws KvSyncConfigurationException when an entity has a composite identifier, the table is missing or
     *                                      lacks columns (with {@code validate} or {@code create}), or the
     *                                      database cannot be reached
     */
    void start() {
        factory.getMappingMetamodel().forEachEntityDescriptor(persister -> {
            if (Syncable.class.isAssignableFrom(persister.getMappedClass())) {
                IdentifierText.requireSupported(persister);
            }
        });
        prepareTable();
        kv.attachOutbox(this);
        relay = daemon("kvsync-outbox-relay", this::relayLoop);
        cleaner = daemon("kvsync-outbox-cleaner", this::cleanerLoop);
    }

    private static Thread daemon(String name, Runnable loop) {
        Thread thread = new Thread(loop, name);
        thread.setDaemon(true); // close() stops it; a forgotten close must not keep the JVM alive
        thread.start();
        return thread;
    }

    private void prepareTable() {
        if (settings.ddl() == DeliverySettings.Ddl.NONE) {
            return;
        }
        JdbcConnectionAccess access = factory.getJdbcServices().getBootstrapJdbcConnectionAccess();
        Connection connection = null;
        try {
            connection = access.obtainConnection();
            connection.setAutoCommit(true);
            // No DDL on a table that exists: PostgreSQL's "create index if not exists" takes a share lock on the
            // table before it looks for the index, which waits for every open transaction that wrote an outbox
            // row, and every commit then queues behind it; a start-up must not stall the application.
            boolean create = settings.ddl() == DeliverySettings.Ddl.CREATE && !exists(connection);
            if (create) {
                execute(connection, sql.create().get(0));
            }
            validate(connection);
            if (create) {
                execute(connection, sql.create().get(1));
            }
        } catch (SQLException e) {
            throw new KvSyncConfigurationException("cannot " + (settings.ddl() == DeliverySettings.Ddl.CREATE
                    ? "create or check" : "check") + " the outbox table " + sql.table() + " (" + DeliverySettings.DDL
                    + "=" + settings.ddl().name().toLowerCase(Locale.ROOT) + "): " + e.getMessage(), e);
        } finally {
            if (connection != null) {
                try {
                    access.releaseConnection(connection);
                } catch (SQLException e) {
                    LOG.log(Level.DEBUG, "could not release the connection that checked the outbox table", e);
                }
            }
        }
    }

    private static void execute(Connection connection, List<String> statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String ddl : statements) {
                statement.execute(ddl);
            }
        }
    }

    private boolean exists(Connection connection) {
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery(sql.probe()).close();
            return true;
        } catch (SQLException e) {
            return false; // missing (or unreadable: the create then says why, or the validation does)
        }
    }

    private void validate(Connection connection) {
        Set<String> columns = new TreeSet<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql.probe())) {
            ResultSetMetaData meta = rows.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnLabel(i).toLowerCase(Locale.ROOT));
            }
        } catch (SQLException e) {
            throw new KvSyncConfigurationException("the outbox table " + sql.table() + " is missing or cannot be read ("
                    + e.getMessage().strip() + "); create it with the DDL in the README (section Delivery), or set "
                    + DeliverySettings.DDL + "=create", e);
        }
        List<String> missing = OutboxSql.COLUMNS.stream().filter(column -> !columns.contains(column)).toList();
        if (!missing.isEmpty()) {
            throw new KvSyncConfigurationException("the outbox table " + sql.table() + " lacks the column(s) " + missing
                    + " (it has " + columns + "); drop it and let " + DeliverySettings.DDL + "=create make it, or "
                    + "migrate it to the DDL in the README (section Delivery)");
        }
    }

    // ---- recording, in the committing transaction -------------------------------------------

    /** Identifiers for {@code count} new rows: this process's origin above a counter, so JVMs do not collide. */
    static long reserveIds(int count) {
        return NEXT_ID.getAndAdd(count) & 0xffff_ffffL;
    }

    /** The identifier {@code offset} rows after {@code first} (from {@link #reserveIds}). */
    static long idOf(long first, int offset) {
        return ((long) CommitClock.origin() << 32) | ((first + offset) & 0xffff_ffffL);
    }

    /**
     * Inserts {@code records} through the transaction's own connection, just before it commits.
     *
     * @throws KvSyncException when the insert fails: the transaction must not commit without its record
     */
    void record(Connection connection, List<ChangeRecord> records) {
        long now = System.currentTimeMillis();
        try (PreparedStatement insert = connection.prepareStatement(sql.insert())) {
            for (ChangeRecord record : records) {
                EntityPersister persister = factory.getMappingMetamodel().getEntityDescriptor(record.entityName());
                insert.setLong(1, record.outboxId());
                insert.setString(2, record.entityName());
                insert.setString(3, IdentifierText.toText(persister, record.id()));
                insert.setString(4, String.valueOf(record.operation()));
                insert.setLong(5, record.version());
                insert.setLong(6, record.stamp());
                insert.setLong(7, record.born());
                insert.setInt(8, record.origin());
                String retired = RetiredKeys.encode(record.retiredKeys());
                if (retired == null) {
                    insert.setNull(9, Types.VARCHAR);
                } else {
                    insert.setString(9, retired);
                }
                insert.setLong(10, now);
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException | RuntimeException e) {
            throw new KvSyncException("cannot record " + records.size() + " change(s) in the outbox table "
                    + sql.table() + " (the first of " + records.get(0).entityName() + "#" + records.get(0).id()
                    + "); the transaction is rolled back rather than commit a change that could be lost: "
                    + e.getMessage(), e);
        }
    }

    // ---- after the commit ---------------------------------------------------------------------

    /** The fast path is about to enqueue the change of row {@code id}. */
    void sending(long id) {
        inFlight.add(id);
    }

    /** The queue refused (part of) the change of row {@code id}: the relay delivers it after the grace period. */
    void leftToRelay(long id) {
        inFlight.remove(id);
    }

    /** The store has the change of row {@code id}: the row can go. */
    void written(long id) {
        inFlight.remove(id);
        written.add(id);
        if (written.size() >= DELETE_BATCH) {
            synchronized (wake) {
                wake.notifyAll();
            }
        }
    }

    // ---- the cleaner --------------------------------------------------------------------------

    private void cleanerLoop() {
        while (running()) {
            pause(Duration.ofMillis(50));
            deleteWritten();
        }
        deleteWritten(); // what the drain at close acknowledged
    }

    private void deleteWritten() {
        while (!written.isEmpty()) {
            List<Long> batch = new ArrayList<>(DELETE_BATCH);
            Long id;
            while (batch.size() < DELETE_BATCH && (id = written.poll()) != null) {
                batch.add(id);
            }
            try {
                transactions.run("delete written rows", connection -> delete(connection, batch));
            } catch (RuntimeException e) {
                written.addAll(batch); // tried again next time; the relay would only deliver them once more
                LOG.log(Level.WARNING, "cannot delete " + batch.size() + " replicated row(s) from the outbox table "
                        + sql.table() + " now: " + e.getMessage());
                return;
            }
        }
    }

    private void release(Connection connection, List<Long> ids) throws SQLException {
        try (PreparedStatement release = connection.prepareStatement(sql.lease(ids.size()))) {
            release.setNull(1, Types.BIGINT);
            for (int i = 0; i < ids.size(); i++) {
                release.setLong(i + 2, ids.get(i));
            }
            release.executeUpdate();
        }
    }

    private void delete(Connection connection, List<Long> ids) throws SQLException {
        if (sql.deletesRowByRow()) {
            try (PreparedStatement delete = connection.prepareStatement(sql.deleteOne())) {
                for (long id : ids) {
                    delete.setLong(1, id);
                    delete.addBatch();
                }
                delete.executeBatch();
            }
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement(sql.delete(ids.size()))) {
            for (int i = 0; i < ids.size(); i++) {
                delete.setLong(i + 1, ids.get(i));
            }
            delete.executeUpdate();
        }
    }

    // ---- the relay ----------------------------------------------------------------------------

    private void relayLoop() {
        boolean first = true;
        while (running()) {
            if (!first) {
                pause(settings.pollInterval());
            }
            first = false;
            try {
                measure();
                if (depth > 0 && oldestCreatedMillis >= 0
                        && oldestCreatedMillis < System.currentTimeMillis() - settings.grace().toMillis()) {
                    while (running() && relayOnce() > 0) {
                        // a backlog (a dead JVM's rows, an outage's overflow) is worked off without pausing
                    }
                }
            } catch (RuntimeException e) {
                if (running()) {
                    LOG.log(Level.WARNING, "the outbox relay failed a pass over " + sql.table() + "; it tries again in "
                            + settings.pollInterval() + ": " + e, e);
                }
            }
        }
    }

    /**
     * Claims one batch of rows past the grace period (a short transaction leases them), delivers them and
     * deletes those the store took; the others are taken again when their lease ends. Returns the count
     * delivered.
     */
    int relayOnce() {
        long now = System.currentTimeMillis();
        long cutoff = now - settings.grace().toMillis();
        List<ChangeRecord> claimed = new ArrayList<>();
        transactions.run("claim rows", connection -> claimed.addAll(claim(connection, cutoff, now,
                now + settings.relayTimeout().toMillis() + LEASE_MARGIN_MILLIS)));
        claimed.removeIf(record -> inFlight.contains(record.outboxId()));
        if (claimed.isEmpty()) {
            return 0;
        }
        Set<ChangeRecord> settled = redelivery.deliver(claimed, Duration.ofSeconds(1), settings.relayTimeout());
        List<Long> done = settled.stream().map(ChangeRecord::outboxId).toList();
        for (int from = 0; from < done.size(); from += DELETE_BATCH) {
            List<Long> batch = done.subList(from, Math.min(done.size(), from + DELETE_BATCH));
            transactions.run("delete written rows", connection -> delete(connection, batch));
        }
        List<Long> undone = claimed.stream().filter(record -> !settled.contains(record)).map(ChangeRecord::outboxId)
                .toList();
        if (!undone.isEmpty()) {
            // Taken again at the next pass (by any relay), not only when the lease runs out: the store may be
            // back by then. A write still pending in the queue is merely delivered twice, fenced alike.
            for (int from = 0; from < undone.size(); from += DELETE_BATCH) {
                List<Long> batch = undone.subList(from, Math.min(undone.size(), from + DELETE_BATCH));
                transactions.run("release leased rows", connection -> release(connection, batch));
            }
        }
        LOG.log(Level.DEBUG, () -> "the outbox relay delivered " + done.size() + " of " + claimed.size() + " claimed row(s)");
        return done.size();
    }

    private List<ChangeRecord> claim(Connection connection, long cutoff, long now, long leaseUntil) throws SQLException {
        List<ChangeRecord> claimed = new ArrayList<>();
        List<Long> unreadable = new ArrayList<>();
        List<Long> leased = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql.claim())) {
            select.setLong(1, cutoff);
            select.setLong(2, now);
            select.setInt(3, settings.batchSize());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    long id = rows.getLong(1);
                    String entityName = rows.getString(2);
                    EntityPersister persister = factory.getMappingMetamodel().findEntityDescriptor(entityName);
                    if (persister == null) {
                        // Another application's, or an entity renamed since: not ours to deliver or delete.
                        LOG.log(Level.WARNING, "the outbox table " + sql.table() + " holds row " + id + " of "
                                + entityName + ", which this session factory does not map; it is left in place");
                        continue;
                    }
                    try {
                        claimed.add(new ChangeRecord(id, entityName, IdentifierText.fromText(persister, rows.getString(3)),
                                rows.getString(4).charAt(0), rows.getLong(5), rows.getLong(6), rows.getLong(7),
                                rows.getInt(8), RetiredKeys.decode(rows.getString(9))));
                        leased.add(id);
                    } catch (RuntimeException e) {
                        LOG.log(Level.ERROR, "the outbox table " + sql.table() + " holds row " + id + " of " + entityName
                                + " that cannot be read (" + e.getMessage() + "); it is deleted");
                        unreadable.add(id);
                    }
                }
            }
        }
        if (!unreadable.isEmpty()) {
            delete(connection, unreadable);
        }
        if (!leased.isEmpty()) {
            try (PreparedStatement lease = connection.prepareStatement(sql.lease(leased.size()))) {
                lease.setLong(1, leaseUntil);
                for (int i = 0; i < leased.size(); i++) {
                    lease.setLong(i + 2, leased.get(i));
                }
                lease.executeUpdate();
            }
        }
        return claimed;
    }

    private void measure() {
        transactions.run("count rows", connection -> {
            try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql.measure())) {
                row.next();
                depth = row.getLong(1);
                long oldest = row.getLong(2);
                oldestCreatedMillis = row.wasNull() ? -1 : oldest;
            }
        });
    }

    // ---- gauge and lifecycle ------------------------------------------------------------------

    @Override
    public long depth() {
        return depth;
    }

    @Override
    public Duration oldestAge() {
        long oldest = oldestCreatedMillis;
        return depth == 0 || oldest < 0 ? Duration.ZERO
                : Duration.ofMillis(Math.max(0, System.currentTimeMillis() - oldest));
    }

    private boolean running() {
        return !closed && !kv.isClosed() && factory.isOpen();
    }

    private void pause(Duration duration) {
        synchronized (wake) {
            try {
                wake.wait(Math.max(1, duration.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closed = true;
            }
        }
    }

    /** Stops both threads; the cleaner deletes what was acknowledged so far first. */
    @Override
    public void close() {
        closed = true;
        synchronized (wake) {
            wake.notifyAll();
        }
        for (Thread thread : new Thread[] {relay, cleaner}) {
            if (thread != null && thread != Thread.currentThread()) {
                try {
                    thread.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
