/** Test machinery shared by the fault tests: Redis child processes, a degradable TCP proxy, polling. */
package io.kvsync.it.support;
