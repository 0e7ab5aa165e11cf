/** Contract suites (JUnit 5) that every {@link io.kvsync.spi.KvStore} and {@link io.kvsync.spi.Marshaler} implementation extends. */
package io.kvsync.tck;
