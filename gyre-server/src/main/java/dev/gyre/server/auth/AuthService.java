package dev.gyre.server.auth;

import dev.gyre.core.GyreException;
import dev.gyre.core.auth.ApiToken;
import dev.gyre.core.auth.Permission;
import dev.gyre.core.auth.Role;
import dev.gyre.core.auth.TokenStore;
import dev.gyre.core.auth.User;
import dev.gyre.core.auth.UserStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Users, passwords and API tokens: the rules, on top of the two stores.
 *
 * <p>Tokens are {@code gyr_} followed by 256 random bits in base64url; only their SHA-256 is
 * stored, so a leaked database does not leak usable tokens. A token is shown once, when created.
 */
public final class AuthService {

    /** Prefix of every Gyre API token, so secret scanners and humans recognise them. */
    public static final String TOKEN_PREFIX = "gyr_";
    static final int MIN_PASSWORD_LENGTH = 8;
    static final int MAX_TOKEN_DAYS = 3650;
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
    /**
     * How long a looked-up token is trusted without asking the store again. Changes made through
     * this server (revocation, role changes, disabling) clear the cache at once; on other replicas
     * they take effect within this time.
     */
    static final Duration CACHE_TTL = Duration.ofSeconds(10);
    private static final int MAX_CACHED = 10_000;

    private record CachedOwner(TokenStore.TokenOwner owner, Instant loadedAt) {
    }

    private final java.util.concurrent.ConcurrentHashMap<String, CachedOwner> recent = new java.util.concurrent.ConcurrentHashMap<>();

    private final UserStore users;
    private final TokenStore tokens;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public AuthService(UserStore users, TokenStore tokens, PasswordHasher hasher, Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.hasher = hasher;
        this.clock = clock;
    }

    /** A newly created token: the secret (shown once) and its stored description. */
    public record IssuedToken(String secret, ApiToken token, User user) {
    }

    /** Whether any user exists yet (false on a fresh home). */
    public boolean hasUsers() {
        return users.count() > 0;
    }

    /**
     * Authenticates a bearer token.
     *
     * @throws GyreException.Unauthenticated if it is unknown, revoked, expired or its user is disabled
     */
    public Principal authenticateToken(String secret) {
        if (secret == null || !secret.startsWith(TOKEN_PREFIX) || secret.length() > 200) {
            throw new GyreException.Unauthenticated("The API token is not a Gyre token (they start with 'gyr_'). "
                    + "Create one with 'gyre token create' or 'gyre login'.");
        }
        Instant now = clock.instant();
        String hash = sha256(secret);
        CachedOwner cached = recent.get(hash);
        TokenStore.TokenOwner owner;
        if (cached != null && cached.loadedAt().plus(CACHE_TTL).isAfter(now)) {
            owner = cached.owner();
        } else {
            owner = tokens.findBySecretHash(hash)
                    .orElseThrow(() -> new GyreException.Unauthenticated("The API token is not valid. Log in again with 'gyre login'."));
            if (recent.size() >= MAX_CACHED) {
                recent.clear();
            }
            recent.put(hash, new CachedOwner(owner, now));
            Instant lastUsed = owner.token().lastUsedAt();
            if (lastUsed == null || lastUsed.plus(TOUCH_INTERVAL).isBefore(now)) {
                tokens.touch(owner.token().id(), now);
            }
        }
        if (owner.token().revokedAt() != null) {
            throw new GyreException.Unauthenticated("The API token was revoked. Log in again with 'gyre login'.");
        }
        if (!owner.token().activeAt(now)) {
            throw new GyreException.Unauthenticated("The API token expired. Log in again with 'gyre login'.");
        }
        if (owner.user().disabled()) {
            throw new GyreException.Unauthenticated("User '" + owner.user().username() + "' is disabled. Ask an admin to enable it.");
        }
        return new Principal(owner.user(), owner.token().id());
    }

    /**
     * Authenticates a user name and password.
     *
     * @throws GyreException.Unauthenticated with one message for every failure, so it does not reveal which user names exist
     */
    public Principal authenticatePassword(String username, String password) {
        String name = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        Optional<String> hash = users.passwordHash(name);
        boolean ok = hash.isPresent() && hasher.verify(password, hash.get());
        if (!ok) {
            throw new GyreException.Unauthenticated("Wrong user name or password.");
        }
        User user = users.findByUsername(name).orElseThrow(() -> new GyreException.Unauthenticated("Wrong user name or password."));
        if (user.disabled()) {
            throw new GyreException.Unauthenticated("User '" + user.username() + "' is disabled. Ask an admin to enable it.");
        }
        return new Principal(user, null);
    }

    /** Creates a user after checking the name, role and password. */
    public User createUser(String username, String role, String password) {
        String name = normaliseUsername(username);
        Role parsed = requireRole(role);
        String hash = password == null ? null : hasher.hash(checkPassword(password));
        return users.create(name, parsed, hash);
    }

    /** All users, ordered by name. */
    public List<User> listUsers() {
        return users.list();
    }

    /** The user with this name. */
    public User user(String username) {
        String name = normaliseUsername(username);
        return users.findByUsername(name).orElseThrow(() -> new GyreException.NotFound(
                "User '" + name + "' does not exist. List users with 'gyre user list'."));
    }

    /**
     * Changes a user's role, password or disabled flag ({@code null} leaves a field unchanged).
     * Refuses to remove the last active admin, so the platform can always be administered.
     */
    public synchronized User updateUser(String username, String role, String password, Boolean disabled) {
        User current = user(username);
        Role newRole = role == null ? null : requireRole(role);
        String hash = password == null ? null : hasher.hash(checkPassword(password));
        boolean losesAdmin = current.role() == Role.ADMIN && !current.disabled()
                && ((newRole != null && newRole != Role.ADMIN) || Boolean.TRUE.equals(disabled));
        if (losesAdmin) {
            long activeAdmins = users.list().stream().filter(u -> u.role() == Role.ADMIN && !u.disabled()).count();
            if (activeAdmins <= 1) {
                throw new GyreException.Conflict("'" + current.username() + "' is the last active admin; "
                        + "make another user admin first.");
            }
        }
        User updated = users.update(current.username(), newRole, hash, disabled);
        recent.clear();
        return updated;
    }

    /**
     * Issues a token for {@code owner}. The caller must be the owner or hold {@link Permission#MANAGE_USERS}.
     *
     * @param expiresInDays 1 to 3650, or {@code null} for no expiry
     */
    public IssuedToken issueToken(Principal caller, String forUsername, String name, Integer expiresInDays) {
        User owner = forUsername == null || forUsername.isBlank() ? caller.user() : user(forUsername);
        if (owner.id() != caller.user().id() && !caller.may(Permission.MANAGE_USERS)) {
            throw new GyreException.PermissionDenied("Only an admin may create tokens for another user.");
        }
        String label = name == null || name.isBlank() ? "token" : name.trim();
        if (label.length() > 100) {
            throw new GyreException.InvalidArgument("Token name is longer than 100 characters; choose a shorter one.");
        }
        Instant expiresAt = null;
        if (expiresInDays != null) {
            if (expiresInDays < 1 || expiresInDays > MAX_TOKEN_DAYS) {
                throw new GyreException.InvalidArgument("expires_in_days must be between 1 and " + MAX_TOKEN_DAYS
                        + " (or left out for a token that does not expire), got " + expiresInDays + ".");
            }
            expiresAt = clock.instant().plus(Duration.ofDays(expiresInDays));
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ApiToken token = tokens.create(owner.id(), label, sha256(secret), expiresAt);
        return new IssuedToken(secret, token, owner);
    }

    /** Tokens of a user; the caller must be that user or hold {@link Permission#MANAGE_USERS}. */
    public List<ApiToken> listTokens(Principal caller, String forUsername) {
        User owner = forUsername == null || forUsername.isBlank() ? caller.user() : user(forUsername);
        if (owner.id() != caller.user().id() && !caller.may(Permission.MANAGE_USERS)) {
            throw new GyreException.PermissionDenied("Only an admin may list another user's tokens.");
        }
        return tokens.listForUser(owner.id());
    }

    /** Revokes a token of the caller (or any token, for an admin). Idempotent. */
    public ApiToken revokeToken(Principal caller, long id) {
        ApiToken token = tokens.findById(id)
                .filter(t -> t.userId() == caller.user().id() || caller.may(Permission.MANAGE_USERS))
                .orElseThrow(() -> new GyreException.NotFound("Token " + id + " does not exist. List yours with 'gyre token list'."));
        ApiToken revoked = tokens.revoke(token.id(), clock.instant());
        recent.clear();
        return revoked;
    }

    /** Lower-case hex SHA-256 of a string. */
    public static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String normaliseUsername(String username) {
        if (username == null || username.isBlank()) {
            throw new GyreException.InvalidArgument("User name is missing; give one such as 'ann' or 'ann.lee'.");
        }
        String name = username.trim().toLowerCase(Locale.ROOT);
        if (!User.USERNAME.matcher(name).matches()) {
            throw new GyreException.InvalidArgument("User name '" + username + "' is not allowed: use 1-64 characters "
                    + "of a-z, 0-9, '.', '_' or '-', starting with a letter or digit.");
        }
        return name;
    }

    private static Role requireRole(String role) {
        if (role == null || role.isBlank()) {
            throw new GyreException.InvalidArgument("Role is missing; use one of: " + Role.names() + ".");
        }
        return Role.parse(role);
    }

    private static String checkPassword(String password) {
        if (password.length() < MIN_PASSWORD_LENGTH) {
            throw new GyreException.InvalidArgument("Password is too short: use at least " + MIN_PASSWORD_LENGTH + " characters.");
        }
        if (password.length() > 1024) {
            throw new GyreException.InvalidArgument("Password is longer than 1024 characters.");
        }
        return password;
    }
}
