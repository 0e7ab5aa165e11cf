package io.kvsync.store.redis;

/** {@link UnexpiringSetIfAbsentContract} through Lettuce. */
class LettuceSetIfAbsentContractTest extends UnexpiringSetIfAbsentContract {

    @Override
    RedisClientLibrary library() {
        return RedisClientLibrary.LETTUCE;
    }
}
