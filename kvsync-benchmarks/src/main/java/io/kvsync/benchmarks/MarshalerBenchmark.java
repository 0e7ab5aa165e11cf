package io.kvsync.benchmarks;

import io.kvsync.spi.KvSyncConfig;
import io.kvsync.spi.Marshaler;
import io.kvsync.spi.MarshalerProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

/**
 * Marshal and unmarshal of a typical entity ({@link Order}) by each marshaler, found by name through
 * {@link ServiceLoader} as the engine finds them. The encoded size is printed at setup. Run:
 * {@code java -jar kvsync-benchmarks/target/benchmarks.jar MarshalerBenchmark -f 1 -wi 3 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MarshalerBenchmark {

    @Param({"bson", "json"})
    public String marshalerName;

    private Marshaler marshaler;
    private Order order;
    private byte[] bytes;

    @Setup
    public void setUp() {
        marshaler = ServiceLoader.load(MarshalerProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(provider -> provider.name().equals(marshalerName))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no marshaler named " + marshalerName))
                .create(KvSyncConfig.empty());
        order = Order.typical();
        bytes = marshaler.marshal(order);
        if (!order.equals(marshaler.unmarshal(bytes, Order.class))) {
            throw new IllegalStateException(marshalerName + " does not round-trip the benchmark entity");
        }
        System.out.println(System.lineSeparator() + "kvsync: " + marshalerName + " bytes per entity = " + bytes.length);
    }

    @Benchmark
    public byte[] marshal() {
        return marshaler.marshal(order);
    }

    @Benchmark
    public Order unmarshal() {
        return marshaler.unmarshal(bytes, Order.class);
    }

    @Benchmark
    public Order roundTrip() {
        return marshaler.unmarshal(marshaler.marshal(order), Order.class);
    }
}
