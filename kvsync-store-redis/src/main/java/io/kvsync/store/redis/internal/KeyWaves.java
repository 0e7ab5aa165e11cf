package io.kvsync.store.redis.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts a write batch into waves in which no key appears twice: the first command of each key goes in the
 * first wave, its second in the second, and so on, each wave keeping the batch's order. A batch whose keys
 * are all distinct, the usual case, is one wave.
 *
 * <p>Why: a cluster client does not promise that two commands it was handed in order reach their node in
 * that order. Lettuce hands a command for a node whose connection is still opening (the first command to
 * that node, or the first after a reconnect or a fail-over) to a callback of that connection's future; a
 * command queued a moment later can find the connection open and overtake it. A put then a delete of one
 * key would then leave the key present. Sending the next command of a key only once the previous one has
 * answered makes the order the store's own, whatever the client does. Stateless.
 */
final class KeyWaves {

    private KeyWaves() {
    }

    /** {@code batch} as waves, in order; a batch without a repeated key is returned as the only wave. */
    static List<List<StoreCommand>> of(List<StoreCommand> batch) {
        if (batch.size() < 2) {
            return List.of(batch);
        }
        Map<ByteBuffer, Integer> sent = new HashMap<>(batch.size() * 2);
        int[] waveOf = new int[batch.size()];
        int waves = 1;
        for (int i = 0; i < batch.size(); i++) {
            int wave = sent.merge(ByteBuffer.wrap(batch.get(i).key()), 1, Integer::sum) - 1;
            waveOf[i] = wave;
            waves = Math.max(waves, wave + 1);
        }
        if (waves == 1) {
            return List.of(batch);
        }
        List<List<StoreCommand>> cut = new ArrayList<>(waves);
        for (int wave = 0; wave < waves; wave++) {
            cut.add(new ArrayList<>());
        }
        for (int i = 0; i < batch.size(); i++) {
            cut.get(waveOf[i]).add(batch.get(i));
        }
        return cut;
    }
}
