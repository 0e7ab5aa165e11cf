package io.kvsync.api;

/**
 * An object could not be turned into bytes, or bytes could not be turned back into the requested
 * type: an unsupported field type, a cycle, corrupted or truncated bytes, bytes written by another
 * marshaler. The message names the type and, where known, the field or key.
 */
public class MarshalException extends KvSyncException {

    private static final long serialVersionUID = 1L;

    public MarshalException(String message) {
        super(message);
    }

    public MarshalException(String message, Throwable cause) {
        super(message, cause);
    }
}
