package io.kvsync.hibernate;

import io.kvsync.api.KvSyncConfigurationException;
import org.hibernate.metamodel.mapping.BasicEntityIdentifierMapping;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.type.descriptor.java.JavaType;

/**
 * A row identifier as text in the outbox table, and back, by the identifier's Hibernate Java type (numbers,
 * strings, UUIDs and the other basic types). Composite identifiers ({@code @EmbeddedId}, {@code @IdClass})
 * have no text form there, so their entities cannot use the outbox.
 */
final class IdentifierText {

    private IdentifierText() {
    }

    /**
     * @throws KvSyncConfigurationException when the entity's identifier is composite
     */
    static void requireSupported(EntityPersister persister) {
        if (!(persister.getIdentifierMapping() instanceof BasicEntityIdentifierMapping)) {
            throw new KvSyncConfigurationException(DeliverySettings.DELIVERY + "=outbox records each row by an "
                    + "identifier of one column; " + persister.getEntityName() + " has a composite identifier ("
                    + persister.getIdentifierMapping().getClass().getSimpleName() + "). Give it a single-column "
                    + "@Id, or use " + DeliverySettings.DELIVERY + "=memory");
        }
    }

    static String toText(EntityPersister persister, Object id) {
        return javaType(persister).toString(id);
    }

    static Object fromText(EntityPersister persister, String text) {
        return javaType(persister).fromString(text);
    }

    @SuppressWarnings("unchecked")
    private static JavaType<Object> javaType(EntityPersister persister) {
        return (JavaType<Object>) persister.getIdentifierMapping().getJavaType();
    }
}
