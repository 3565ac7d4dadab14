package dev.gyre.store.db;

import dev.gyre.store.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.auth.ApiToken;
import dev.gyre.core.auth.Role;
import dev.gyre.core.auth.TokenStore.TokenOwner;
import dev.gyre.core.auth.User;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link JdbcTokenStore} contract; run once per database by the subclasses. */
abstract class JdbcTokenStoreContract {

    private static final Instant T0 = Instant.parse("2030-01-02T03:04:05.000000500Z");
    private static final String SECRET_A = "a".repeat(64);
    private static final String SECRET_B = "b".repeat(64);
    private static final String SECRET_C = "c".repeat(64);

    @TempDir
    Path tempDir;

    private Database database;
    private MutableClock clock;
    private JdbcUserStore users;
    private JdbcTokenStore tokens;
    private User alice;

    /** A migrated database on a fresh schema. */
    protected abstract Database open(Path tempDir);

    @BeforeEach
    void setUp() {
        database = open(tempDir);
        clock = new MutableClock(T0);
        users = new JdbcUserStore(database, clock);
        tokens = new JdbcTokenStore(database, clock);
        alice = users.create("alice", Role.DATA_SCIENTIST, "hash");
    }

    @AfterEach
    void tearDown() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void createsAndFindsTokens() {
        Instant expiry = Instant.parse("2030-02-01T00:00:00.123456789Z");
        ApiToken token = tokens.create(alice.id(), "laptop", SECRET_A, expiry);

        assertThat(token.id()).isPositive();
        assertThat(token.userId()).isEqualTo(alice.id());
        assertThat(token.name()).isEqualTo("laptop");
        assertThat(token.createdAt()).isEqualTo(Instant.parse("2030-01-02T03:04:05Z"));
        assertThat(token.expiresAt()).isEqualTo(Instant.parse("2030-02-01T00:00:00.123456Z"));
        assertThat(token.revokedAt()).isNull();
        assertThat(token.lastUsedAt()).isNull();
        assertThat(tokens.findById(token.id())).contains(token);
    }

    @Test
    void findsTokenAndOwnerBySecretHash() {
        ApiToken token = tokens.create(alice.id(), "ci", SECRET_A, null);
        tokens.create(alice.id(), "other", SECRET_B, null);

        assertThat(tokens.findBySecretHash(SECRET_A)).contains(new TokenOwner(token, alice));
        assertThat(tokens.findBySecretHash(SECRET_C)).isEmpty();
        assertThat(tokens.findBySecretHash(SECRET_A.toUpperCase())).isEmpty();
    }

    @Test
    void findBySecretHashReturnsRevokedTokensAndDisabledOwners() {
        ApiToken token = tokens.create(alice.id(), "ci", SECRET_A, null);
        ApiToken revoked = tokens.revoke(token.id(), T0.plusSeconds(1));
        User disabled = users.update("alice", null, null, true);

        TokenOwner found = tokens.findBySecretHash(SECRET_A).orElseThrow();
        assertThat(found.token()).isEqualTo(revoked);
        assertThat(found.user()).isEqualTo(disabled);
        assertThat(found.token().activeAt(T0.plusSeconds(2))).isFalse();
    }

    @Test
    void missingTokenIsEmpty() {
        assertThat(tokens.findById(424_242L)).isEmpty();
    }

    @Test
    void tokenForMissingUserIsNotFound() {
        assertThatThrownBy(() -> tokens.create(999_999L, "x", SECRET_A, null))
                .isInstanceOf(GyreException.NotFound.class);
    }

    @Test
    void duplicateSecretIsAlreadyExists() {
        tokens.create(alice.id(), "one", SECRET_A, null);

        assertThatThrownBy(() -> tokens.create(alice.id(), "two", SECRET_A, null))
                .isInstanceOf(GyreException.AlreadyExists.class);
        assertThat(tokens.listForUser(alice.id())).hasSize(1);
    }

    @Test
    void listsTokensOfOneUserNewestFirstIncludingRevoked() {
        User bob = users.create("bob", Role.VIEWER, null);
        ApiToken first = tokens.create(alice.id(), "first", SECRET_A, null);
        clock.advance(Duration.ofMinutes(1));
        ApiToken second = tokens.create(alice.id(), "second", SECRET_B, null);
        clock.advance(Duration.ofMinutes(1));
        tokens.create(bob.id(), "bobs", SECRET_C, null);
        ApiToken revokedFirst = tokens.revoke(first.id(), T0.plusSeconds(600));

        assertThat(tokens.listForUser(alice.id())).containsExactly(second, revokedFirst);
        assertThat(tokens.listForUser(bob.id())).extracting(ApiToken::name).containsExactly("bobs");
        assertThat(tokens.listForUser(123_456L)).isEmpty();
    }

    @Test
    void tokensCreatedAtTheSameInstantListNewestIdFirst() {
        ApiToken first = tokens.create(alice.id(), "first", SECRET_A, null);
        ApiToken second = tokens.create(alice.id(), "second", SECRET_B, null);

        assertThat(tokens.listForUser(alice.id())).containsExactly(second, first);
    }

    @Test
    void revokeIsIdempotentAndKeepsTheFirstTime() {
        ApiToken token = tokens.create(alice.id(), "ci", SECRET_A, null);
        Instant firstRevocation = Instant.parse("2030-01-02T04:04:05.001234567Z");

        ApiToken revoked = tokens.revoke(token.id(), firstRevocation);
        assertThat(revoked.revokedAt()).isEqualTo(Instant.parse("2030-01-02T04:04:05.001234Z"));
        assertThat(revoked.activeAt(T0.plus(Duration.ofHours(2)))).isFalse();

        ApiToken again = tokens.revoke(token.id(), T0.plus(Duration.ofHours(5)));
        assertThat(again).isEqualTo(revoked);
        assertThat(tokens.findById(token.id())).contains(revoked);
    }

    @Test
    void revokeAffectsOnlyThatToken() {
        ApiToken a = tokens.create(alice.id(), "a", SECRET_A, null);
        ApiToken b = tokens.create(alice.id(), "b", SECRET_B, null);

        tokens.revoke(a.id(), T0.plusSeconds(5));

        assertThat(tokens.findById(b.id())).contains(b);
    }

    @Test
    void revokeOfMissingTokenIsNotFound() {
        assertThatThrownBy(() -> tokens.revoke(777_777L, T0))
                .isInstanceOf(GyreException.NotFound.class)
                .hasMessageContaining("777777");
    }

    @Test
    void expiryIsSeenThroughActiveAt() {
        Instant expiry = T0.plus(Duration.ofDays(1));
        ApiToken token = tokens.create(alice.id(), "short", SECRET_A, expiry);
        ApiToken stored = tokens.findById(token.id()).orElseThrow();

        assertThat(stored.activeAt(expiry.minusNanos(1_000))).isTrue();
        assertThat(stored.activeAt(expiry)).isFalse();
        assertThat(stored.activeAt(expiry.plusSeconds(1))).isFalse();
    }

    @Test
    void tokenWithoutExpiryStaysActiveUntilRevoked() {
        ApiToken token = tokens.create(alice.id(), "forever", SECRET_A, null);

        assertThat(tokens.findById(token.id()).orElseThrow().activeAt(T0.plus(Duration.ofDays(3650)))).isTrue();
    }

    @Test
    void touchRecordsTheLastUseAndCoalescesCloseUses() {
        ApiToken token = tokens.create(alice.id(), "ci", SECRET_A, null);

        tokens.touch(token.id(), Instant.parse("2030-01-02T04:00:00.000001999Z"));
        assertThat(lastUsed(token)).isEqualTo(Instant.parse("2030-01-02T04:00:00.000001Z"));

        tokens.touch(token.id(), Instant.parse("2030-01-02T04:00:05Z"));
        assertThat(lastUsed(token)).isEqualTo(Instant.parse("2030-01-02T04:00:00.000001Z"));

        Instant later = Instant.parse("2030-01-02T04:00:00.000001Z").plus(JdbcTokenStore.TOUCH_GRANULARITY);
        tokens.touch(token.id(), later);
        assertThat(lastUsed(token)).isEqualTo(later);
    }

    private Instant lastUsed(ApiToken token) {
        return tokens.findById(token.id()).orElseThrow().lastUsedAt();
    }

    @Test
    void touchNeverMovesTheLastUseBackwards() {
        ApiToken token = tokens.create(alice.id(), "ci", SECRET_A, null);
        tokens.touch(token.id(), T0.plus(Duration.ofHours(2)));

        tokens.touch(token.id(), T0.plus(Duration.ofHours(1)));

        assertThat(lastUsed(token)).isEqualTo(Instant.parse("2030-01-02T05:04:05Z"));
    }

    @Test
    void touchOfMissingTokenIsIgnored() {
        tokens.touch(555_555L, T0);

        assertThat(tokens.findById(555_555L)).isEmpty();
    }
}
