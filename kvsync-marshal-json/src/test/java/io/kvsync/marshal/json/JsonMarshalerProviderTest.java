package io.kvsync.marshal.json;

import io.kvsync.api.KvSyncConfigurationException;
import io.kvsync.spi.KvSyncConfig;
import io.kvsync.spi.Marshaler;
import io.kvsync.spi.MarshalerProvider;
import io.kvsync.tck.fixtures.Node;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonMarshalerProviderTest {

    private final JsonMarshalerProvider provider = new JsonMarshalerProvider();

    @Test
    @DisplayName("the service loader finds the provider")
    void found_by_service_loader() {
        List<MarshalerProvider> providers = ServiceLoader.load(MarshalerProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();

        assertThat(providers).hasAtLeastOneElementOfType(JsonMarshalerProvider.class);
    }

    @Test
    @DisplayName("it is named json and ranks 10")
    void name_and_priority() {
        assertThat(provider.name()).isEqualTo("json");
        assertThat(provider.priority()).isEqualTo(10);
    }

    @Test
    @DisplayName("with no settings it creates a JSON marshaler")
    void creates_json_marshaler() {
        Marshaler marshaler = provider.create(KvSyncConfig.empty());

        assertThat(marshaler).isInstanceOf(JsonMarshaler.class);
        assertThat(marshaler.name()).isEqualTo("json");
    }

    @Test
    @DisplayName("the nesting depth setting reaches the marshaler")
    void nesting_depth_setting() {
        Marshaler shallow = provider.create(KvSyncConfig.of(Map.of(JsonMarshalerProvider.MAX_NESTING_DEPTH, "3")));
        Node node = new Node("a");
        node.next = new Node("b");
        node.next.next = new Node("c");

        assertThatThrownBy(() -> shallow.marshal(node)).isInstanceOf(io.kvsync.api.MarshalException.class);
        assertThatCode(() -> provider.create(KvSyncConfig.empty()).marshal(node)).doesNotThrowAnyException();
    }

    @Test
    @DisplayName("a nesting depth that is not a positive integer is a configuration error naming the setting")
    void invalid_nesting_depth() {
        assertThatThrownBy(() -> provider.create(KvSyncConfig.of(Map.of(JsonMarshalerProvider.MAX_NESTING_DEPTH, "deep"))))
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining(JsonMarshalerProvider.MAX_NESTING_DEPTH);
        assertThatThrownBy(() -> provider.create(KvSyncConfig.of(Map.of(JsonMarshalerProvider.MAX_NESTING_DEPTH, "-1"))))
                .isInstanceOf(KvSyncConfigurationException.class);
    }
}
