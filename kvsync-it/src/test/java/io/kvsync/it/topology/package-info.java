/**
 * The Redis store on the topologies and server setups a shared test server does not offer: TLS
 * ({@code rediss://}), Sentinel ({@code redis-sentinel://}) and a server that requires a login (a password
 * and an ACL user), each on {@code redis-server} processes the tests start themselves, through Lettuce and
 * through Jedis.
 */
package io.kvsync.it.topology;
