package io.kvsync.hibernate;

import io.kvsync.api.KvSyncConfigurationException;
import io.kvsync.spi.KvSyncConfig;
import org.hibernate.dialect.H2Dialect;
import org.hibernate.dialect.MariaDBDialect;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.dialect.SQLServerDialect;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeliverySettingsTest {

    private static DeliverySettings of(Map<String, String> settings) {
        return DeliverySettings.of(KvSyncConfig.of(settings));
    }

    @Test
    void memory_delivery_with_commits_that_never_wait_is_the_default() {
        DeliverySettings settings = of(Map.of());

        assertThat(settings.outbox()).isFalse();
        assertThat(settings.offerTimeout()).isZero();
        assertThat(settings.table()).isEqualTo("kvsync_outbox");
        assertThat(settings.ddl()).isEqualTo(DeliverySettings.Ddl.CREATE);
        assertThat(settings.grace()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void bad_values_are_refused_naming_the_setting() {
        assertThatThrownBy(() -> of(Map.of("kvsync.delivery", "kafka"))).isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("kvsync.delivery must be memory or outbox");
        assertThatThrownBy(() -> of(Map.of("kvsync.outbox.ddl", "update"))).isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("kvsync.outbox.ddl must be create, validate or none");
        assertThatThrownBy(() -> of(Map.of("kvsync.outbox.table", "outbox; drop table x")))
                .isInstanceOf(KvSyncConfigurationException.class).hasMessageContaining("kvsync.outbox.table");
        assertThatThrownBy(() -> of(Map.of("kvsync.outbox.poll-interval", "0s")))
                .isInstanceOf(KvSyncConfigurationException.class).hasMessageContaining("kvsync.outbox.poll-interval");
        assertThatThrownBy(() -> of(Map.of("kvsync.outbox.batch-size", "0")))
                .isInstanceOf(KvSyncConfigurationException.class).hasMessageContaining("kvsync.outbox.batch-size");
    }

    @Test
    void the_claim_skips_locked_rows_on_each_supported_database() {
        assertThat(OutboxSql.of("t", new PostgreSQLDialect()).claim()).endsWith("fetch first ? rows only for update skip locked");
        assertThat(OutboxSql.of("t", new H2Dialect()).claim()).endsWith("fetch first ? rows only for update skip locked");
        assertThat(OutboxSql.of("t", new MariaDBDialect()).claim()).endsWith("limit ? for update skip locked");
    }

    @Test
    void only_mariadb_and_mysql_delete_outbox_rows_one_statement_per_row() {
        assertThat(OutboxSql.of("t", new MariaDBDialect()).deletesRowByRow()).isTrue();
        assertThat(OutboxSql.of("t", new PostgreSQLDialect()).deletesRowByRow()).isFalse();
        assertThat(OutboxSql.of("t", new H2Dialect()).deletesRowByRow()).isFalse();
        assertThat(OutboxSql.of("t", new MariaDBDialect()).deleteOne()).isEqualTo("delete from t where id = ?");
    }

    @Test
    void a_database_without_skip_locked_is_refused_by_name() {
        assertThatThrownBy(() -> OutboxSql.of("t", new SQLServerDialect()))
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("org.hibernate.dialect.SQLServerDialect")
                .hasMessageContaining("kvsync.delivery=memory");
    }
}
