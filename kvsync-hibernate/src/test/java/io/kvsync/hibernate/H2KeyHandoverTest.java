package io.kvsync.hibernate;

/** Keys that pass between rows, on an in-memory H2 database. */
class H2KeyHandoverTest extends KeyHandoverTestBase {

    @Override
    String jdbcUrl() {
        return "jdbc:h2:mem:handover-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
    }
}
