/** The engine's private machinery (lanes, discovery, configuration); not a public API. */
package io.kvsync.engine.internal;
