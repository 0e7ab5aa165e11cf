package io.kvsync.benchmarks;

import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * What one thread waking another costs on this machine: two threads hand a turn back and forth with
 * {@code LockSupport.park}/{@code unpark} (what KVSync's lanes, Lettuce's futures and the JDK's locks come
 * down to), and the wall time and this JVM's CPU time per hand-off are printed. Replicating a commit takes
 * several hand-offs (committing thread to worker, worker to Lettuce's event loop and back, and Redis's own
 * wake-up), so this figure, multiplied, is a floor under the commit overhead of scenario 2.
 *
 * <p>Run: {@code java -cp kvsync-benchmarks/target/benchmarks.jar io.kvsync.benchmarks.HandOffReport};
 * system property {@code kvsync.bench.hand-offs} (default 200000) per round, 5 rounds, the first a warm-up.
 */
public final class HandOffReport {

    private static volatile boolean othersTurn;

    private HandOffReport() {
    }

    public static void main(String[] args) throws InterruptedException {
        int handOffs = Integer.getInteger("kvsync.bench.hand-offs", 200_000);
        for (int round = 0; round < 5; round++) {
            int roundTrips = Math.max(1, handOffs / 2);
            long[] measured = pingPong(roundTrips);
            System.out.printf(Locale.ROOT, "round %d%s: %.1f µs wall, %.1f µs of CPU per hand-off%n", round + 1,
                    round == 0 ? " (warm-up)" : "", measured[0] / 1e3 / (2.0 * roundTrips),
                    measured[1] / 1e3 / (2.0 * roundTrips));
        }
        System.out.println("Load average (1, 5, 15 min) at the end: " + LoadAverage.now() + "; "
                + Runtime.getRuntime().availableProcessors() + " CPUs.");
    }

    /** @return wall nanoseconds and CPU nanoseconds for {@code roundTrips} round trips (two hand-offs each) */
    private static long[] pingPong(int roundTrips) throws InterruptedException {
        Thread main = Thread.currentThread();
        othersTurn = false;
        Thread other = new Thread(() -> {
            for (int i = 0; i < roundTrips; i++) {
                while (!othersTurn) {
                    LockSupport.park();
                }
                othersTurn = false;
                LockSupport.unpark(main);
            }
        }, "kvsync-bench-hand-off");
        other.start();
        long cpu = ProcessCpu.thisJvm();
        long started = System.nanoTime();
        for (int i = 0; i < roundTrips; i++) {
            othersTurn = true;
            LockSupport.unpark(other);
            while (othersTurn) {
                LockSupport.park();
            }
        }
        long wall = System.nanoTime() - started;
        long cpuUsed = ProcessCpu.thisJvm() - cpu;
        other.join();
        return new long[] {wall, cpuUsed};
    }
}
