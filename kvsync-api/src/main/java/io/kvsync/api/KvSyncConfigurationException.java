package io.kvsync.api;

/**
 * KVSync cannot be built as configured: no store or marshaler provider on the classpath, a provider
 * name that matches none, a setting whose value cannot be parsed. The message names the setting, the
 * value and, where it applies, the artifact to add.
 */
public class KvSyncConfigurationException extends KvSyncException {

    private static final long serialVersionUID = 1L;

    public KvSyncConfigurationException(String message) {
        super(message);
    }

    public KvSyncConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
