/** Test support: recording what KVSync logs. */
package io.kvsync.tck.logging;
