/**
 * The Redis store on the topologies a shared test server does not offer: TLS ({@code rediss://}) and
 * Sentinel ({@code redis-sentinel://}), each on {@code redis-server} processes the tests start themselves,
 * through Lettuce and through Jedis.
 */
package io.kvsync.it.topology;
