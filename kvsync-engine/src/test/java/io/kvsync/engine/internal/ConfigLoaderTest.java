package io.kvsync.engine.internal;

import io.kvsync.spi.KvSyncConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigLoaderTest {

    @Test
    void builder_beats_system_properties_beat_environment_beat_the_properties_file(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kvsync.properties");
        Files.writeString(file, "kvsync.workers=1\nkvsync.batch.size=11\nkvsync.queue.capacity=111\nkvsync.expiration=1d\n");
        Properties system = new Properties();
        system.setProperty("kvsync.workers", "2");
        system.setProperty("kvsync.batch.size", "22");
        system.setProperty("java.version", "not ours");
        Map<String, String> env = Map.of(
                "KVSYNC_WORKERS", "3", "KVSYNC_BATCH_SIZE", "33", "KVSYNC_QUEUE_CAPACITY", "333", "PATH", "/bin");

        KvSyncConfig config = ConfigLoader.merge(Map.of("kvsync.workers", "4"), system, env, file.toUri().toURL());

        assertThat(config.getInt("kvsync.workers", 0)).isEqualTo(4);
        assertThat(config.getInt("kvsync.batch.size", 0)).isEqualTo(22);
        assertThat(config.getInt("kvsync.queue.capacity", 0)).isEqualTo(333);
        assertThat(config.getDuration("kvsync.expiration")).contains(Duration.ofDays(1));
        assertThat(config.asMap()).doesNotContainKeys("java.version", "PATH");
    }

    @Test
    void environment_variables_map_underscores_to_dots() {
        KvSyncConfig config = ConfigLoader.merge(Map.of(), new Properties(),
                Map.of("KVSYNC_REDIS_URI", "redis://h:1", "KVSYNC_TEST_REDIS_URI", "redis://test:2"), null);

        assertThat(config.get("kvsync.redis.uri")).contains("redis://h:1");
        assertThat(config.get("kvsync.test.redis.uri")).as("test addresses are not library settings").isEmpty();
    }

    @Test
    void engine_settings_have_documented_defaults() {
        EngineSettings defaults = EngineSettings.from(KvSyncConfig.empty());
        assertThat(defaults.workers()).isEqualTo(4);
        assertThat(defaults.queueCapacity()).isEqualTo(100_000);
        assertThat(defaults.offerTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.batchSize()).isEqualTo(512);
        assertThat(defaults.maxBackoff()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.expiration()).isNull();
    }
}
