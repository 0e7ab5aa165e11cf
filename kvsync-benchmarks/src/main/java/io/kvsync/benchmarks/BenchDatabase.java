package io.kvsync.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The report's PostgreSQL schema: a schema of its own per run (so no table of anyone else is touched),
 * the {@link Shipment} table in it, one connection pool, and the session factories opened on it. Closing
 * closes the factories still open and the pool; {@link #dropSchema} removes the schema. Not thread-safe.
 */
final class BenchDatabase implements AutoCloseable {

    private final String schema;
    private final HikariDataSource dataSource;
    private final List<SessionFactory> factories = new ArrayList<>();
    private boolean tablesCreated;

    /**
     * Creates the schema {@code schema}.
     *
     * @throws SQLException when PostgreSQL refuses
     */
    BenchDatabase(String jdbcUrl, String schema) throws SQLException {
        this.schema = schema;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(4);
        config.setPoolName("kvsync-bench");
        this.dataSource = new HikariDataSource(config);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("create schema " + schema);
        } catch (SQLException | RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** The table's qualified name, for plain SQL. */
    String table() {
        return schema + ".shipment";
    }

    /**
     * Opens a session factory for {@link Shipment} on this schema; the first one creates the table.
     *
     * @param settings further Hibernate settings (a second-level cache)
     */
    SessionFactory open(Map<String, Object> settings) {
        StandardServiceRegistryBuilder builder = new StandardServiceRegistryBuilder()
                .applySetting("jakarta.persistence.nonJtaDataSource", dataSource)
                .applySetting("hibernate.default_schema", schema)
                .applySetting("jakarta.persistence.schema-generation.database.action", tablesCreated ? "none" : "create")
                .applySetting("hibernate.cache.use_second_level_cache", "false");
        settings.forEach(builder::applySetting);
        StandardServiceRegistry registry = builder.build();
        try {
            SessionFactory factory = new MetadataSources(registry).addAnnotatedClass(Shipment.class)
                    .buildMetadata().buildSessionFactory();
            factories.add(factory);
            tablesCreated = true;
            return factory;
        } catch (RuntimeException e) {
            StandardServiceRegistryBuilder.destroy(registry);
            throw e;
        }
    }

    /**
     * Closes {@code factory}, opened by {@link #open}, now rather than with the database: what runs on it
     * (an outbox's relay and cleaner) stops.
     */
    void close(SessionFactory factory) {
        factories.remove(factory);
        factory.close();
    }

    /** Runs {@code sql} on a connection of the pool (auto-commit). */
    void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public void close() {
        try {
            factories.forEach(SessionFactory::close);
        } finally {
            dataSource.close();
        }
    }

    /**
     * Drops {@code schema} and all in it, on a connection of its own (so that it also works from a
     * shutdown hook while the pool is busy or closed).
     *
     * @throws SQLException when it cannot; the message names the schema left behind
     */
    static void dropSchema(String jdbcUrl, String schema) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl); Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + schema + " cascade");
        } catch (SQLException e) {
            throw new SQLException("could not drop the benchmark's schema " + schema + ": " + e.getMessage(), e);
        }
    }
}
