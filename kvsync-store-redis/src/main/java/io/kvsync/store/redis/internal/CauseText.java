package io.kvsync.store.redis.internal;

import io.kvsync.store.redis.RedisKvStoreProvider;

import java.util.ArrayList;
import java.util.List;

/**
 * Words why a call to Redis failed, for the store's exception messages and warnings: the client library's
 * exception, then its innermost cause when that is another (Lettuce reports a refused login as "Unable to
 * connect", with Redis's {@code WRONGPASS} only in the cause), then what to check when Redis refused the
 * login. Passwords in URIs are masked. Stateless.
 */
public final class CauseText {

    /** How deep a cause chain is followed; a longer one is not worth reading. */
    private static final int MAX_DEPTH = 20;

    private CauseText() {
    }

    /**
     * E.g. {@code RedisConnectionException: Unable to connect to …, caused by RedisCommandExecutionException:
     * WRONGPASS … (Redis refused the login: …)}.
     */
    public static String of(Throwable failure) {
        List<Throwable> chain = chain(failure);
        Throwable innermost = chain.get(chain.size() - 1);
        String text = describe(failure) + (innermost == failure ? "" : ", caused by " + describe(innermost));
        return isRefusedLogin(failure) ? text + " (Redis refused the login: check the user name and password, in the URI or"
                + " the settings " + RedisKvStoreProvider.USERNAME + " and " + RedisKvStoreProvider.PASSWORD + ")" : text;
    }

    /** Whether Redis refused the login somewhere in {@code failure}'s cause chain. */
    public static boolean isRefusedLogin(Throwable failure) {
        // WRONGPASS: a wrong user or password; NOAUTH: Redis requires a login that was not given.
        return answered(failure, "WRONGPASS", "NOAUTH");
    }

    /**
     * Whether Redis refused a command itself rather than failing to run it: the user lacks the permission
     * ({@code NOPERM}), or the server does not know the command. Such a refusal repeats on every retry.
     */
    public static boolean isRefusedCommand(Throwable failure) {
        return answered(failure, "NOPERM", "ERR unknown command");
    }

    /** Whether a cluster node answered {@code CLUSTERDOWN} somewhere in {@code failure}'s cause chain. */
    static boolean isClusterDown(Throwable failure) {
        return answered(failure, "CLUSTERDOWN");
    }

    /** Whether a message in {@code failure}'s cause chain begins with one of Redis's error {@code codes}. */
    private static boolean answered(Throwable failure, String... codes) {
        for (Throwable t : chain(failure)) {
            String message = t.getMessage();
            for (String code : codes) {
                if (message != null && message.startsWith(code)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + Endpoints.redact(message));
    }

    /** {@code failure} and its causes, outermost first, each once. */
    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && chain.size() < MAX_DEPTH && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
