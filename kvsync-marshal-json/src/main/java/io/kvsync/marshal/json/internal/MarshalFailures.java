package io.kvsync.marshal.json.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonMappingException.Reference;
import io.kvsync.api.MarshalException;

import java.util.List;

/**
 * Turns whatever Jackson throws into a {@link MarshalException} whose message names the class, the
 * field path where Jackson knows it, and the cause. Thread-safe (stateless).
 */
public final class MarshalFailures {

    /** Paths longer than this (a cycle makes thousands) are shortened to their two ends. */
    private static final int MAX_PATH_ELEMENTS = 12;

    private MarshalFailures() {
    }

    /** The failure to encode an instance of {@code type}. */
    public static MarshalException cannotMarshal(Class<?> type, Exception cause) {
        String message = "cannot marshal " + type.getName() + " to JSON" + where(cause) + ": " + what(cause);
        if (looksLikeCycle(cause)) {
            message += "; the object graph most likely contains a cycle (an object that refers back to itself),"
                    + " which a marshaled snapshot cannot hold: mark the back reference @KvSyncIgnore or transient";
        }
        return new MarshalException(message, cause);
    }

    /** The failure to decode {@code length} bytes as {@code type}. */
    public static MarshalException cannotUnmarshal(Class<?> type, int length, Exception cause) {
        return new MarshalException("cannot unmarshal " + length + " bytes of JSON into " + type.getName()
                + where(cause) + ": " + what(cause) + " (corrupted bytes, bytes of another marshaler, or a type that"
                + " changed incompatibly)", cause);
    }

    private static String where(Exception cause) {
        if (cause instanceof JsonMappingException mapping) {
            String path = path(mapping.getPath());
            if (!path.isEmpty()) {
                return " at field " + path;
            }
        }
        if (cause instanceof JacksonException jackson) {
            JsonLocation location = jackson.getLocation();
            if (location != null && location.getByteOffset() >= 0) {
                return " at byte " + location.getByteOffset();
            }
        }
        return "";
    }

    private static String what(Exception cause) {
        String message = cause instanceof JacksonException jackson ? jackson.getOriginalMessage() : cause.toString();
        return message == null ? cause.getClass().getName() : message.replace('\n', ' ');
    }

    private static String path(List<Reference> references) {
        StringBuilder path = new StringBuilder();
        int size = references.size();
        for (int i = 0; i < size; i++) {
            if (size > MAX_PATH_ELEMENTS && i == MAX_PATH_ELEMENTS / 2) {
                path.append(".(").append(size - MAX_PATH_ELEMENTS).append(" more)");
                i = size - MAX_PATH_ELEMENTS / 2;
            }
            Reference reference = references.get(i);
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static boolean looksLikeCycle(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            // The only write constraint Jackson has is the nesting depth, which a cycle exceeds.
            if (t instanceof StreamConstraintsException || t instanceof StackOverflowError) {
                return true;
            }
            String message = t.getMessage();
            if (message != null && message.contains("self-reference")) {
                return true;
            }
        }
        return false;
    }
}
