package io.kvsync.hibernate;

/** The outbox on a named in-memory H2 database, kept while the test's session factories come and go. */
class H2OutboxTest extends OutboxTestBase {

    private final String url = "jdbc:h2:mem:kvsync-outbox-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    @Override
    String jdbcUrl() {
        return url;
    }
}
