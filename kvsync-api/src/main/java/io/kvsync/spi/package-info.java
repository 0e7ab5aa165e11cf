/** What store and marshaler implementors use: {@link io.kvsync.spi.KvStore}, {@link io.kvsync.spi.Marshaler} and their providers. */
package io.kvsync.spi;
