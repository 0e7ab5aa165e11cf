/** The KVSync engine: build a {@link io.kvsync.engine.KvSync} with {@link io.kvsync.engine.KvSync#builder()}. */
package io.kvsync.engine;
