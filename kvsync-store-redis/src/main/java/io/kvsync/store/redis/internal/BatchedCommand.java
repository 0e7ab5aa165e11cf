package io.kvsync.store.redis.internal;

import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CompleteableCommand;
import io.lettuce.core.protocol.ProtocolKeyword;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A command of a {@link LettuceBatch} other than its last: no future (the batch waits on its last command
 * only), but completion callbacks. Lettuce attaches a timer to every command when command timeouts are on
 * and cancels it from such a callback; a command without callbacks keeps its timer, and through it itself
 * and its value, until the timeout elapses. Our own clients give these commands no timer at all
 * ({@link BatchAwareTimeouts}); the callbacks matter for a client the application passed in.
 */
final class BatchedCommand<T> extends Command<byte[], byte[], T> implements CompleteableCommand<T> {

    /** Guarded by {@code this}; {@code null} until a callback is registered, and again once fired. */
    private List<BiConsumer<? super T, Throwable>> callbacks;

    BatchedCommand(ProtocolKeyword type, CommandOutput<byte[], byte[], T> output, CommandArgs<byte[], byte[]> args) {
        super(type, output, args);
    }

    @Override
    public void onComplete(Consumer<? super T> action) {
        onComplete((T value, Throwable error) -> {
            if (error == null) {
                action.accept(value);
            }
        });
    }

    @Override
    public void onComplete(BiConsumer<? super T, Throwable> action) {
        synchronized (this) {
            if (!isDone()) {
                if (callbacks == null) {
                    callbacks = new ArrayList<>(1);
                }
                callbacks.add(action);
                return;
            }
        }
        action.accept(getOutput().get(), null);
    }

    @Override
    public void complete() {
        super.complete();
        fire(null);
    }

    @Override
    public boolean completeExceptionally(Throwable throwable) {
        boolean completed = super.completeExceptionally(throwable);
        fire(throwable);
        return completed;
    }

    @Override
    public void cancel() {
        super.cancel();
        fire(new CancellationException("cancelled"));
    }

    private void fire(Throwable error) {
        List<BiConsumer<? super T, Throwable>> registered;
        synchronized (this) {
            registered = callbacks;
            callbacks = null;
        }
        if (registered != null) {
            T value = error == null ? getOutput().get() : null;
            registered.forEach(callback -> callback.accept(value, error));
        }
    }
}
