package io.kvsync.store.memory;

import io.kvsync.api.KvSyncConfigurationException;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvStoreProvider;
import io.kvsync.spi.KvSyncConfig;
import io.kvsync.spi.KvWrite;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemoryKvStoreProviderTest {

    private final MemoryKvStoreProvider provider = new MemoryKvStoreProvider();

    @Test
    void is_found_by_the_service_loader_under_the_name_memory() {
        assertThat(ServiceLoader.load(KvStoreProvider.class))
                .anySatisfy(found -> {
                    assertThat(found).isInstanceOf(MemoryKvStoreProvider.class);
                    assertThat(found.name()).isEqualTo("memory");
                    assertThat(found.priority()).isZero();
                });
    }

    @Test
    void without_settings_creates_a_store_with_the_defaults() {
        try (KvStore store = provider.create(KvSyncConfig.empty())) {
            assertThat(store).hasToString("MemoryKvStore[maximumBytes=268435456, tombstoneTtl=PT1M]");
        }
    }

    @Test
    void reads_its_settings_from_the_config() {
        KvSyncConfig config = KvSyncConfig.of(Map.of(
                "kvsync.memory.maximum-bytes", "1000",
                "kvsync.memory.tombstone-ttl", "5s"));

        try (KvStore store = provider.create(config)) {
            assertThat(store).hasToString("MemoryKvStore[maximumBytes=1000, tombstoneTtl=PT5S]");
            store.write(List.of(KvWrite.Put.of("small", new byte[10]), KvWrite.Put.of("huge", new byte[2000])));
            assertThat(store.read(List.of("small", "huge"))).containsOnlyKeys("small");
        }
    }

    @Test
    void an_unparsable_setting_is_named_in_the_error() {
        KvSyncConfig config = KvSyncConfig.of(Map.of("kvsync.memory.tombstone-ttl", "soon"));

        assertThatThrownBy(() -> provider.create(config))
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("kvsync.memory.tombstone-ttl=soon");
    }

    @Test
    void an_out_of_range_setting_is_named_in_the_error() {
        KvSyncConfig config = KvSyncConfig.of(Map.of("kvsync.memory.maximum-bytes", "-5"));

        assertThatThrownBy(() -> provider.create(config))
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("kvsync.memory.maximum-bytes").hasMessageContaining("-5");
    }
}
