package io.kvsync.marshal.bson.internal;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A failure inside the codec tree. It collects, while it travels up, the path of fields and
 * indexes where it happened, so that the public {@link io.kvsync.api.MarshalException} built from it
 * at the top can name the field. Never escapes the module.
 */
final class MarshalFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Path segments, outermost first: field names, and "[3]" or "[key]" for elements. */
    private final transient Deque<String> path = new ArrayDeque<>();
    /** The innermost field, as "com.acme.Address.zip"; null when the failure is not inside a field. */
    private String field;

    MarshalFailure(String reason) {
        super(reason);
    }

    MarshalFailure(String reason, Throwable cause) {
        super(reason, cause);
    }

    /** Wraps anything thrown inside a codec (a BSON library exception, a failing constructor...). */
    static MarshalFailure of(Throwable thrown) {
        if (thrown instanceof MarshalFailure failure) {
            return failure;
        }
        if (thrown instanceof StackOverflowError) {
            return new MarshalFailure("the object graph is nested too deeply", thrown);
        }
        String detail = thrown.getMessage() == null ? thrown.getClass().getName()
                : thrown.getClass().getSimpleName() + ": " + thrown.getMessage();
        return new MarshalFailure(detail, thrown);
    }

    /** Records that the failure happened inside field {@code name} of {@code owner}. */
    MarshalFailure inField(String name, Class<?> owner) {
        path.addFirst(name);
        if (field == null) {
            field = owner.getName() + "." + name;
        }
        return this;
    }

    /** Records that the failure happened inside an element, e.g. "[3]" or "[key]". */
    MarshalFailure inElement(Object indexOrKey) {
        String text = String.valueOf(indexOrKey);
        // A map key can be any string; keep the message readable.
        path.addFirst("[" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "]");
        return this;
    }

    /** "address.lines[2]", or an empty string at the top level. */
    String path() {
        StringBuilder text = new StringBuilder();
        for (String segment : path) {
            if (text.length() > 0 && !segment.startsWith("[")) {
                text.append('.');
            }
            text.append(segment);
        }
        return text.toString();
    }

    /** The innermost field as "com.acme.Address.zip", or null. */
    String field() {
        return field;
    }

    String reason() {
        return super.getMessage();
    }
}
