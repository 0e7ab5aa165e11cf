package io.kvsync.hibernate;

import io.kvsync.api.KvSyncConfigurationException;
import org.hibernate.dialect.Dialect;
import org.hibernate.dialect.H2Dialect;
import org.hibernate.dialect.MySQLDialect;
import org.hibernate.dialect.PostgreSQLDialect;

import java.util.List;

/**
 * The outbox table's SQL for one database: its DDL, and the statements that record, claim, lease, count
 * and delete its rows. The relay's claim needs row locks that skip rows another transaction holds
 * ({@code FOR UPDATE SKIP LOCKED}), so that several JVMs' claims never wait for or take each other's rows;
 * PostgreSQL (9.5+), MariaDB (10.6+), MySQL (8+) and H2 (2.x) have them, and other databases are refused
 * at start-up, by name. The lock lasts only as long as the claim's short transaction: what keeps other
 * relays off the rows while they are delivered is the lease it writes ({@code claimed_until}), so that no
 * transaction stays open (holding locks the application's transactions or the cleaner could wait for)
 * while the store takes the writes, and the rows of a relay that died are taken again once its lease ends.
 */
final class OutboxSql {

    /** The columns a change records, in the order of {@link #insert()} and {@link #claim()}. */
    static final List<String> RECORDED = List.of("id", "entity", "entity_id", "op", "version", "stamp", "born",
            "origin", "retired_keys", "created_ms");

    /** Every column: the recorded ones, and the relay's lease ({@code claimed_until}, epoch milliseconds). */
    static final List<String> COLUMNS = java.util.stream.Stream.concat(RECORDED.stream(), java.util.stream.Stream.of(
            "claimed_until")).toList();

    private enum Flavour { POSTGRESQL, MYSQL, H2 }

    private final String table;
    private final Flavour flavour;

    private OutboxSql(String table, Flavour flavour) {
        this.table = table;
        this.flavour = flavour;
    }

    /**
     * @throws KvSyncConfigurationException when the dialect's database has no {@code SKIP LOCKED}
     */
    static OutboxSql of(String table, Dialect dialect) {
        Flavour flavour;
        if (dialect instanceof PostgreSQLDialect) {
            flavour = Flavour.POSTGRESQL;
        } else if (dialect instanceof MySQLDialect) { // MariaDBDialect extends it
            flavour = Flavour.MYSQL;
        } else if (dialect instanceof H2Dialect) {
            flavour = Flavour.H2;
        } else {
            throw new KvSyncConfigurationException(DeliverySettings.DELIVERY + "=outbox needs row locks that skip "
                    + "locked rows (SELECT … FOR UPDATE SKIP LOCKED), known to work on PostgreSQL, MariaDB, MySQL and "
                    + "H2; the session factory's dialect is " + dialect.getClass().getName() + ". Use "
                    + DeliverySettings.DELIVERY + "=memory with this database");
        }
        return new OutboxSql(table, flavour);
    }

    String table() {
        return table;
    }

    /**
     * The statements that create the table and its index when missing: the table first, then (once the table
     * is validated, so that a wrong table is named as such) the index.
     */
    List<List<String>> create() {
        String text = switch (flavour) {
            case POSTGRESQL -> "text";
            case MYSQL -> "longtext";
            case H2 -> "character varying";
        };
        String columns = "id bigint not null primary key, entity varchar(255) not null, entity_id varchar(255) not null, "
                + "op char(1) not null, version bigint not null, stamp bigint not null, born bigint not null, "
                + "origin integer not null, retired_keys " + text + ", created_ms bigint not null, claimed_until bigint";
        String index = indexName();
        return switch (flavour) {
            // MySQL has no "create index if not exists": the index is declared with the table.
            case MYSQL -> List.of(List.of("create table if not exists " + table + " (" + columns + ", index " + index
                    + " (created_ms))"), List.of());
            case POSTGRESQL, H2 -> List.of(List.of("create table if not exists " + table + " (" + columns + ")"),
                    List.of("create index if not exists " + index + " on " + table + " (created_ms)"));
        };
    }

    private String indexName() {
        String bare = table.substring(table.lastIndexOf('.') + 1);
        return bare + "_created";
    }

    /** Reads no row, to see the table's columns (and that it exists). */
    String probe() {
        return "select * from " + table + " where 1 = 0";
    }

    String insert() {
        return "insert into " + table + " (" + String.join(", ", RECORDED) + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }

    /**
     * Locks up to {@code ?} rows created before {@code ?} whose lease ended before {@code ?} (or that have
     * none), oldest first, skipping rows others hold locked; the claim then leases them ({@link #lease}).
     */
    String claim() {
        String select = "select " + String.join(", ", RECORDED) + " from " + table
                + " where created_ms < ? and (claimed_until is null or claimed_until < ?) order by created_ms";
        return switch (flavour) {
            case POSTGRESQL, H2 -> select + " fetch first ? rows only for update skip locked";
            case MYSQL -> select + " limit ? for update skip locked";
        };
    }

    /** Leases the rows of {@code count} identifiers until {@code ?} (the first parameter). */
    String lease(int count) {
        return "update " + table + " set claimed_until = ? where id in (" + marks(count) + ")";
    }

    String measure() {
        return "select count(*), min(created_ms) from " + table;
    }

    /** Deletes the rows of {@code count} identifiers. */
    String delete(int count) {
        return "delete from " + table + " where id in (" + marks(count) + ")";
    }

    /** Deletes the row of one identifier (the first parameter). */
    String deleteOne() {
        return "delete from " + table + " where id = ?";
    }

    /**
     * Whether rows are deleted one statement per row ({@link #deleteOne()}, in a JDBC batch) rather than one
     * statement per batch. On MariaDB/MySQL, yes: over a small table (an outbox is mostly near empty) InnoDB
     * runs {@code id in (…)} as a full scan, and a delete that scans waits for every row another transaction
     * holds (one that has written its outbox row and not yet committed), where a lookup by key never meets it.
     */
    boolean deletesRowByRow() {
        return flavour == Flavour.MYSQL;
    }

    private static String marks(int count) {
        StringBuilder marks = new StringBuilder();
        for (int i = 0; i < count; i++) {
            marks.append(i == 0 ? "?" : ", ?");
        }
        return marks.toString();
    }
}
