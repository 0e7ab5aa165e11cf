/** JMH benchmarks; run from {@code kvsync-benchmarks/target/benchmarks.jar}, never as tests. */
package io.kvsync.benchmarks;
