package io.kvsync.benchmarks;

import io.kvsync.engine.KvSync;
import io.kvsync.spi.Marshaler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The engine's cost per enqueue on the calling thread: {@code kv.enqueue(parcel)} of a {@link Parcel}
 * (three keys, so one operation is three key writes) into a store that does nothing ({@link NoOpKvStore}),
 * the lanes' workers draining in the background. With {@code marshaling=none} a constant byte array stands
 * in for the marshaler, leaving the key map and the lanes; with {@code bson} the default marshaler runs too.
 * Run: {@code java -jar kvsync-benchmarks/target/benchmarks.jar LaneBenchmark -f 1 -wi 3 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LaneBenchmark {

    /** The parcels cycled through; distinct ids, so that most enqueues find their key no longer pending. */
    private static final int PARCELS = 1 << 16;

    @Param({"none", "bson"})
    public String marshaling;

    private KvSync kv;
    private NoOpKvStore store;
    private Parcel[] parcels;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        store = new NoOpKvStore();
        var builder = KvSync.builder().store(store).queueCapacity(1_000_000).offerTimeout(Duration.ofMinutes(1));
        if (marshaling.equals("none")) {
            builder.marshaler(new ConstantMarshaler());
        }
        kv = builder.build();
        ParcelFactory factory = new ParcelFactory(kv.marshaler(), ReplicationRun.VALUE_BYTES);
        parcels = new Parcel[PARCELS];
        for (int i = 0; i < PARCELS; i++) {
            parcels[i] = factory.parcel(i, "lane");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        kv.awaitIdle(Duration.ofMinutes(1));
        System.out.println(System.lineSeparator() + "kvsync: " + kv.stats() + ", store writes " + store.writes());
        kv.close();
    }

    @Benchmark
    public void enqueue() {
        kv.enqueue(parcels[next++ & (PARCELS - 1)]);
    }

    /** Marshals every object to the same 300 bytes: the marshaler's cost taken out. */
    private static final class ConstantMarshaler implements Marshaler {
        private final byte[] bytes = new byte[ReplicationRun.VALUE_BYTES];

        @Override
        public String name() {
            return "constant";
        }

        @Override
        public byte[] marshal(Object value) {
            return bytes;
        }

        @Override
        public <T> T unmarshal(byte[] data, Class<T> type) {
            throw new UnsupportedOperationException("the constant marshaler only writes");
        }
    }
}
