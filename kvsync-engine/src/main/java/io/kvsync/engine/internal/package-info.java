/** The engine's private machinery (the write queue, discovery, configuration); not a public API. */
package io.kvsync.engine.internal;
