package io.kvsync.hibernate;

import io.kvsync.marshal.json.JsonMarshaler;
import io.kvsync.spi.Marshaler;

import java.util.UUID;

/** The same Hibernate suite on H2 with the JSON marshaler, which must honour the lazy-load guard too. */
class H2JsonReplicationTest extends HibernateReplicationTestBase {

    @Override
    String jdbcUrl() {
        return "jdbc:h2:mem:kvsync-json-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    @Override
    Marshaler marshaler() {
        return JsonMarshaler.create();
    }
}
