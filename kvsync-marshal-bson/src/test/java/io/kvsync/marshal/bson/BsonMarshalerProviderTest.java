package io.kvsync.marshal.bson;

import io.kvsync.spi.KvSyncConfig;
import io.kvsync.spi.MarshalerProvider;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

class BsonMarshalerProviderTest {

    @Test
    void the_service_loader_finds_the_bson_provider_with_priority_100() {
        MarshalerProvider provider = ServiceLoader.load(MarshalerProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(candidate -> candidate.name().equals("bson"))
                .findFirst()
                .orElseThrow();

        assertThat(provider).isInstanceOf(BsonMarshalerProvider.class);
        assertThat(provider.priority()).isEqualTo(100);
        assertThat(provider.create(KvSyncConfig.empty())).isInstanceOf(BsonMarshaler.class)
                .extracting(marshaler -> marshaler.name()).isEqualTo("bson");
    }
}
