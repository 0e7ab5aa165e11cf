package io.kvsync.hibernate;

import io.kvsync.api.KvSyncException;
import org.hibernate.engine.jdbc.connections.spi.JdbcConnectionAccess;
import org.hibernate.engine.spi.SessionFactoryImplementor;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs the outbox's own short transactions (the relay's claim and release, the cleaner's deletes, the
 * depth measure) on a connection of the session factory's pool, at {@link Connection#TRANSACTION_READ_COMMITTED}
 * whatever the pool's default. Why: under InnoDB's default repeatable read, the claim's
 * {@code select … for update skip locked} scan takes gap and next-key locks up to the supremum of the index,
 * and its lease {@code update} waits for a row a committing transaction has just inserted; while it waits,
 * that gap lock makes every other commit's outbox insert wait too, so one slow commit stalled all of them.
 * Read committed takes no gap locks and lets an update pass over rows it does not match. PostgreSQL and H2
 * run at read committed by default; the level is set for every database alike and the connection's own
 * level is restored before it goes back to the pool.
 */
final class OutboxTransactions {

    private static final System.Logger LOG = System.getLogger("io.kvsync.hibernate");

    /** Work on the transaction's connection. */
    @FunctionalInterface
    interface Work {
        void run(Connection connection) throws SQLException;
    }

    private final JdbcConnectionAccess access;
    private final String table;

    OutboxTransactions(SessionFactoryImplementor factory, String table) {
        this.access = factory.getJdbcServices().getBootstrapJdbcConnectionAccess();
        this.table = table;
    }

    /**
     * Runs {@code work} in a transaction of its own and commits it.
     *
     * @throws KvSyncException when the database fails it (it is rolled back)
     */
    void run(String what, Work work) {
        Connection connection;
        try {
            connection = access.obtainConnection();
        } catch (SQLException e) {
            throw new KvSyncException("cannot " + what + " in the outbox table " + table
                    + ": no connection: " + e.getMessage(), e);
        }
        try {
            boolean autoCommit = connection.getAutoCommit();
            int isolation = connection.getTransactionIsolation();
            try {
                if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
                    connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED); // before it begins
                }
                connection.setAutoCommit(false);
                try {
                    work.run(connection);
                    connection.commit();
                } catch (SQLException | RuntimeException e) {
                    rollback(connection);
                    throw e;
                }
            } finally {
                connection.setAutoCommit(autoCommit);
                if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
                    connection.setTransactionIsolation(isolation);
                }
            }
        } catch (SQLException e) {
            throw new KvSyncException("cannot " + what + " in the outbox table " + table + ": " + e.getMessage(), e);
        } finally {
            try {
                access.releaseConnection(connection);
            } catch (SQLException e) {
                LOG.log(Level.DEBUG, "could not release a connection of the outbox", e);
            }
        }
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.log(Level.DEBUG, "could not roll back a transaction of the outbox", e);
        }
    }
}
