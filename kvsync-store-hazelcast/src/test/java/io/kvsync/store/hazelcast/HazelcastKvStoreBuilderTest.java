package io.kvsync.store.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.kvsync.api.KvStoreException;
import io.kvsync.api.KvSyncConfigurationException;
import io.kvsync.spi.KvWrite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the store's Hazelcast instance comes from, who shuts it down, and what build() rejects. */
class HazelcastKvStoreBuilderTest {

    @RegisterExtension
    static final SharedCluster CLUSTER = SharedCluster.ofSize(2);

    @Test
    void a_given_instance_keeps_running_after_the_store_is_closed() {
        HazelcastInstance client = CLUSTER.get().client();
        HazelcastKvStore store = HazelcastKvStore.builder().instance(client).build();
        store.close();

        assertThat(client.getLifecycleService().isRunning()).isTrue();
        assertThat(store).hasToString("HazelcastKvStore[map=kvsync, client given, tombstoneTtl=PT1M,"
                + " operationTimeout=PT30S, closed]");
    }

    @Test
    void a_member_started_from_a_member_config_is_shut_down_on_close() {
        int port = TestCluster.freePort();
        Config config = TestCluster.memberConfig("kvsync-owned-" + port, port, List.of("127.0.0.1:" + port))
                .setInstanceName("kvsync-owned-member-" + port);

        HazelcastKvStore store = HazelcastKvStore.builder().memberConfig(config).build();
        assertThat(store.toString()).contains("member created by the store");
        store.write(List.of(KvWrite.Put.of("owned:member", bytes("value"))));
        assertThat(store.read(List.of("owned:member"))).containsOnlyKeys("owned:member");
        store.close();

        assertThat(Hazelcast.getHazelcastInstanceByName(config.getInstanceName())).as("the member after close").isNull();
    }

    @Test
    void a_client_started_from_a_client_config_is_shut_down_on_close() {
        ClientConfig config = CLUSTER.get().clientConfig().setInstanceName("kvsync-owned-client");

        HazelcastKvStore store = HazelcastKvStore.builder().clientConfig(config).build();
        assertThat(HazelcastClient.getHazelcastClientByName("kvsync-owned-client")).isNotNull();
        store.close();

        assertThat(HazelcastClient.getHazelcastClientByName("kvsync-owned-client")).as("the client after close").isNull();
        assertThat(CLUSTER.get().member(0).getLifecycleService().isRunning()).as("the cluster after close").isTrue();
    }

    @Test
    void a_client_config_file_in_yaml_is_read(@TempDir Path dir) throws IOException {
        TestCluster cluster = CLUSTER.get();
        Path file = dir.resolve("client.yaml");
        Files.writeString(file, "hazelcast-client:\n"
                + "  cluster-name: " + cluster.name() + "\n"
                + "  instance-name: kvsync-yaml-client\n"
                + "  network:\n"
                + "    cluster-members:\n"
                + cluster.addresses().stream().map(a -> "      - " + a + "\n").reduce("", String::concat));

        try (HazelcastKvStore store = HazelcastKvStore.builder().configFile(file).mapName("config-file").build()) {
            store.write(List.of(KvWrite.Put.of("config-file:key", bytes("value"))));

            assertThat(cluster.member(1).getMap("config-file").containsKey("config-file:key")).isTrue();
            assertThat(HazelcastClient.getHazelcastClientByName("kvsync-yaml-client")).isNotNull();
        }
        assertThat(HazelcastClient.getHazelcastClientByName("kvsync-yaml-client")).isNull();
    }

    @Test
    void a_config_file_that_is_not_a_hazelcast_configuration_is_a_configuration_error(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("client.xml");
        Files.writeString(file, "<not-hazelcast/>");

        assertThatThrownBy(() -> HazelcastKvStore.builder().configFile(file).build())
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("setting kvsync.hazelcast.config-file=" + file)
                .hasMessageContaining("not a valid configuration of a Hazelcast client");
    }

    @Test
    void a_missing_config_file_is_a_configuration_error(@TempDir Path dir) {
        Path file = dir.resolve("absent.yaml");

        assertThatThrownBy(() -> HazelcastKvStore.builder().mode(HazelcastMode.EMBEDDED).configFile(file).build())
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessage("setting kvsync.hazelcast.config-file=" + file + " names no readable file");
    }

    @Test
    void a_cluster_out_of_reach_fails_the_build_after_the_connect_timeout() {
        int port = TestCluster.freePort();

        assertThatThrownBy(() -> HazelcastKvStore.builder().clusterName("nobody-home").members("127.0.0.1:" + port)
                .connectTimeout(Duration.ofSeconds(1)).build())
                .isInstanceOf(KvStoreException.class)
                .hasMessageStartingWith("could not connect a Hazelcast client to cluster \"nobody-home\" at [127.0.0.1:" + port + "]");
    }

    @Test
    void settings_for_the_instance_cannot_be_combined_with_a_given_instance() {
        HazelcastInstance client = CLUSTER.get().client();

        assertThatThrownBy(() -> HazelcastKvStore.builder().instance(client).clusterName("other").build())
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("apply only when the store creates its instance");
        assertThatThrownBy(() -> HazelcastKvStore.builder().instance(client).clientConfig(new ClientConfig()).build())
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("give at most one of instance, memberConfig, clientConfig and configFile");
    }

    @Test
    void a_config_file_cannot_be_combined_with_members() {
        assertThatThrownBy(() -> HazelcastKvStore.builder().configFile(Path.of("hazelcast.yaml")).members("127.0.0.1").build())
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("replaces clusterName, members, port and connectTimeout");
    }

    @Test
    void settings_of_the_other_mode_are_rejected() {
        assertThatThrownBy(() -> HazelcastKvStore.builder().port(5801).build())
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessage("HazelcastKvStore port (setting kvsync.hazelcast.port=5801) applies to an embedded member;"
                        + " a client's addresses go in members (setting kvsync.hazelcast.members)");
        assertThatThrownBy(() -> HazelcastKvStore.builder().mode(HazelcastMode.EMBEDDED).connectTimeout(Duration.ofSeconds(1)).build())
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("connectTimeout (setting kvsync.hazelcast.connect-timeout) applies to a client");
    }

    @Test
    void out_of_range_values_are_named_in_the_error() {
        assertThatThrownBy(() -> HazelcastKvStore.builder().mode(HazelcastMode.EMBEDDED).port(70_000).build())
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessage("HazelcastKvStore port (setting kvsync.hazelcast.port) must be between 1 and 65535 but was 70000");
        assertThatThrownBy(() -> HazelcastKvStore.builder().tombstoneTtl(Duration.ZERO).build())
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessage("HazelcastKvStore tombstoneTtl (setting kvsync.hazelcast.tombstone-ttl) must be a positive"
                        + " duration but was PT0S");
        assertThatThrownBy(() -> HazelcastKvStore.builder().operationTimeout(null).build())
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("kvsync.hazelcast.operation-timeout").hasMessageContaining("but was null");
        assertThatThrownBy(() -> HazelcastKvStore.builder().mapName(" ").build())
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessage("HazelcastKvStore mapName (setting kvsync.hazelcast.map) must not be blank but was \" \"");
        assertThatThrownBy(() -> HazelcastKvStore.builder().members("127.0.0.1", "").build())
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("must not contain a blank address");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
