package dev.gyre.store.db;

import dev.gyre.store.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Role;
import dev.gyre.core.auth.User;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link JdbcUserStore} contract; run once per database by the subclasses. */
abstract class JdbcUserStoreContract {

    @TempDir
    Path tempDir;

    private Database database;
    private MutableClock clock;
    private JdbcUserStore users;

    /** A migrated database on a fresh schema. */
    protected abstract Database open(Path tempDir);

    @BeforeEach
    void setUp() {
        database = open(tempDir);
        clock = new MutableClock(Instant.parse("2030-05-06T07:08:09.987654321Z"));
        users = new JdbcUserStore(database, clock);
    }

    @AfterEach
    void tearDown() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void createsAndFindsUsers() {
        User alice = users.create("alice", Role.DATA_SCIENTIST, "hash-a");

        assertThat(alice.id()).isPositive();
        assertThat(alice.username()).isEqualTo("alice");
        assertThat(alice.role()).isEqualTo(Role.DATA_SCIENTIST);
        assertThat(alice.disabled()).isFalse();
        assertThat(alice.createdAt()).isEqualTo(Instant.parse("2030-05-06T07:08:09.987654Z"));
        assertThat(users.findByUsername("alice")).contains(alice);
        assertThat(users.findById(alice.id())).contains(alice);
        assertThat(users.passwordHash("alice")).contains("hash-a");
    }

    @Test
    void missingUsersAreEmpty() {
        users.create("alice", Role.VIEWER, null);

        assertThat(users.findByUsername("bob")).isEmpty();
        assertThat(users.findByUsername("ALICE")).isEmpty();
        assertThat(users.findById(987_654L)).isEmpty();
        assertThat(users.passwordHash("bob")).isEmpty();
    }

    @Test
    void tokenOnlyUsersHaveNoPasswordHash() {
        users.create("robot", Role.ML_ENGINEER, null);

        assertThat(users.findByUsername("robot")).isPresent();
        assertThat(users.passwordHash("robot")).isEmpty();
    }

    @Test
    void assignsDistinctIds() {
        User a = users.create("a", Role.VIEWER, null);
        User b = users.create("b", Role.VIEWER, null);

        assertThat(a.id()).isNotEqualTo(b.id());
    }

    @Test
    void listsAllUsersByName() {
        users.create("carol", Role.OPS, null);
        users.create("alice", Role.ADMIN, "x");
        users.create("bob.b", Role.SME, null);
        users.create("bob", Role.SME, null);

        assertThat(users.list()).extracting(User::username).containsExactly("alice", "bob", "bob.b", "carol");
        assertThat(users.count()).isEqualTo(4);
    }

    @Test
    void emptyStoreHasNoUsers() {
        assertThat(users.list()).isEmpty();
        assertThat(users.count()).isZero();
    }

    @Test
    void duplicateNameIsAlreadyExists() {
        users.create("alice", Role.VIEWER, null);

        assertThatThrownBy(() -> users.create("alice", Role.ADMIN, "other"))
                .isInstanceOf(GyreException.AlreadyExists.class)
                .hasMessageStartingWith("User 'alice' already exists.");
        assertThat(users.count()).isEqualTo(1);
        assertThat(users.findByUsername("alice").orElseThrow().role()).isEqualTo(Role.VIEWER);
    }

    @Test
    void namesAreStoredAsGiven() {
        users.create("Alice", Role.VIEWER, null);
        users.create("alice", Role.VIEWER, null);

        assertThat(users.list()).extracting(User::username).containsExactly("Alice", "alice");
    }

    @Test
    void rejectsNullNameAndRole() {
        assertThatThrownBy(() -> users.create(null, Role.VIEWER, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> users.create("x", null, null)).isInstanceOf(NullPointerException.class);
        assertThat(users.count()).isZero();
    }

    @Test
    void updatesOnlyTheGivenFields() {
        User alice = users.create("alice", Role.VIEWER, "h1");

        User promoted = users.update("alice", Role.ADMIN, null, null);
        assertThat(promoted).isEqualTo(new User(alice.id(), "alice", Role.ADMIN, alice.createdAt(), false));
        assertThat(users.passwordHash("alice")).contains("h1");

        User rehashed = users.update("alice", null, "h2", null);
        assertThat(rehashed.role()).isEqualTo(Role.ADMIN);
        assertThat(users.passwordHash("alice")).contains("h2");

        User disabled = users.update("alice", null, null, true);
        assertThat(disabled.disabled()).isTrue();
        assertThat(disabled.role()).isEqualTo(Role.ADMIN);
        assertThat(users.findByUsername("alice")).contains(disabled);

        User enabled = users.update("alice", Role.SME, "h3", false);
        assertThat(enabled).isEqualTo(new User(alice.id(), "alice", Role.SME, alice.createdAt(), false));
        assertThat(users.passwordHash("alice")).contains("h3");
    }

    @Test
    void updateTouchesOnlyTheNamedUser() {
        users.create("alice", Role.VIEWER, "ha");
        User bob = users.create("bob", Role.VIEWER, "hb");

        users.update("alice", Role.ADMIN, "new", true);

        assertThat(users.findByUsername("bob")).contains(bob);
        assertThat(users.passwordHash("bob")).contains("hb");
    }

    @Test
    void updateOfMissingUserIsNotFound() {
        assertThatThrownBy(() -> users.update("ghost", Role.ADMIN, null, null))
                .isInstanceOf(GyreException.NotFound.class)
                .hasMessageContaining("'ghost'");
    }

    @Test
    void tooLongNameIsInvalidArgument() {
        assertThatThrownBy(() -> users.create("x".repeat(300), Role.VIEWER, null))
                .isInstanceOf(GyreException.InvalidArgument.class);
    }

    @Test
    void concurrentCreationOfOneNameYieldsExactlyOneUser() throws Exception {
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<User>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Role role = i % 2 == 0 ? Role.VIEWER : Role.OPS;
                Callable<User> create = () -> {
                    start.await();
                    return users.create("racer", role, null);
                };
                results.add(pool.submit(create));
            }
            start.countDown();

            int created = 0;
            int rejected = 0;
            for (Future<User> result : results) {
                try {
                    result.get(30, TimeUnit.SECONDS);
                    created++;
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(GyreException.AlreadyExists.class);
                    rejected++;
                }
            }
            assertThat(created).isEqualTo(1);
            assertThat(rejected).isEqualTo(threads - 1);
            assertThat(users.count()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void storesCreationTimesFromTheClock() {
        User first = users.create("first", Role.VIEWER, null);
        clock.advance(Duration.ofHours(3));
        User second = users.create("second", Role.VIEWER, null);

        assertThat(Duration.between(first.createdAt(), second.createdAt())).isEqualTo(Duration.ofHours(3));
        assertThat(users.findByUsername("second").orElseThrow().createdAt()).isEqualTo(second.createdAt());
    }
}
