package io.kvsync.store.hazelcast;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.kvsync.api.KvSyncConfigurationException;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvStoreProvider;
import io.kvsync.spi.KvSyncConfig;
import io.kvsync.spi.KvWrite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HazelcastKvStoreProviderTest {

    @RegisterExtension
    static final SharedCluster CLUSTER = SharedCluster.ofSize(2);

    private final HazelcastKvStoreProvider provider = new HazelcastKvStoreProvider();

    @Test
    void is_found_by_the_service_loader_under_the_name_hazelcast_with_priority_50() {
        assertThat(ServiceLoader.load(KvStoreProvider.class))
                .anySatisfy(found -> {
                    assertThat(found).isInstanceOf(HazelcastKvStoreProvider.class);
                    assertThat(found.name()).isEqualTo("hazelcast");
                    assertThat(found.priority()).isEqualTo(50);
                });
    }

    @Test
    void in_client_mode_connects_to_the_configured_cluster_and_writes_to_the_configured_map() {
        TestCluster cluster = CLUSTER.get();
        KvSyncConfig config = KvSyncConfig.of(Map.of(
                "kvsync.hazelcast.mode", "client",
                "kvsync.hazelcast.cluster-name", cluster.name(),
                "kvsync.hazelcast.members", String.join(", ", cluster.addresses()),
                "kvsync.hazelcast.map", "provider-client",
                "kvsync.hazelcast.tombstone-ttl", "5s",
                "kvsync.hazelcast.operation-timeout", "10s"));

        try (KvStore store = provider.create(config)) {
            assertThat(store).hasToString("HazelcastKvStore[map=provider-client, client created by the store,"
                    + " tombstoneTtl=PT5S, operationTimeout=PT10S]");
            store.write(List.of(KvWrite.Put.of("provider:client", bytes("written"))));

            assertThat(cluster.member(0).getMap("provider-client").containsKey("provider:client")).isTrue();
        }
        assertThat(cluster.member(0).getLifecycleService().isRunning()).as("the cluster after close").isTrue();
    }

    @Test
    void in_embedded_mode_starts_a_member_of_its_own_and_shuts_it_down_on_close() {
        int port = TestCluster.freePort();
        String clusterName = "kvsync-provider-" + port;
        KvSyncConfig config = KvSyncConfig.of(Map.of(
                "kvsync.hazelcast.mode", "EMBEDDED",
                "kvsync.hazelcast.cluster-name", clusterName,
                "kvsync.hazelcast.members", "127.0.0.1:" + port,
                "kvsync.hazelcast.port", Integer.toString(port)));

        KvStore store = provider.create(config);
        try {
            HazelcastInstance member = memberOf(clusterName);
            assertThat(member.getCluster().getLocalMember().getAddress().getPort()).isEqualTo(port);
            store.write(List.of(KvWrite.Put.of("provider:embedded", bytes("written"))));
            assertThat(member.getMap("kvsync").containsKey("provider:embedded")).as("written to the default map").isTrue();
            assertThat(store.read(List.of("provider:embedded"))).containsOnlyKeys("provider:embedded");
        } finally {
            store.close();
        }
        assertThat(Hazelcast.getAllHazelcastInstances()).noneMatch(i -> i.getConfig().getClusterName().equals(clusterName));
    }

    @Test
    void an_unknown_mode_is_named_in_the_error() {
        KvSyncConfig config = KvSyncConfig.of(Map.of("kvsync.hazelcast.mode", "peer"));

        assertThatThrownBy(() -> provider.create(config))
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessage("setting kvsync.hazelcast.mode=peer is not client or embedded");
    }

    @Test
    void an_unparsable_duration_is_named_in_the_error() {
        KvSyncConfig config = KvSyncConfig.of(Map.of("kvsync.hazelcast.tombstone-ttl", "a while"));

        assertThatThrownBy(() -> provider.create(config))
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("kvsync.hazelcast.tombstone-ttl=a while");
    }

    @Test
    void a_port_for_a_client_is_rejected_before_anything_starts() {
        KvSyncConfig config = KvSyncConfig.of(Map.of("kvsync.hazelcast.port", "5801"));

        assertThatThrownBy(() -> provider.create(config))
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("kvsync.hazelcast.port=5801").hasMessageContaining("embedded member");
    }

    private static HazelcastInstance memberOf(String clusterName) {
        return Hazelcast.getAllHazelcastInstances().stream()
                .filter(i -> i.getConfig().getClusterName().equals(clusterName))
                .findFirst().orElseThrow(() -> new AssertionError("no running member of cluster " + clusterName));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
