package dev.gyre.server.api;

import dev.gyre.core.auth.ApiToken;
import dev.gyre.server.auth.AuthService;
import dev.gyre.server.auth.Principal;
import dev.gyre.server.http.JsonBodies;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** API tokens: create (shown once), list, revoke. */
public final class TokenController {

    private final AuthService auth;
    private final JsonBodies json;

    public TokenController(AuthService auth, JsonBodies json) {
        this.auth = auth;
        this.json = json;
    }

    /** A token's description (never its secret). */
    public record TokenDto(long id, String name, Instant createdAt, Instant expiresAt, Instant revokedAt, Instant lastUsedAt) {
        static TokenDto of(ApiToken token) {
            return new TokenDto(token.id(), token.name(), token.createdAt(), token.expiresAt(), token.revokedAt(), token.lastUsedAt());
        }
    }

    /** Answer of POST /api/v1/tokens: the only time the secret is shown. */
    public record IssuedTokenDto(String token, long id, String name, String username, Instant createdAt, Instant expiresAt) {
    }

    /** Body of POST /api/v1/tokens; every field optional. */
    public record CreateToken(String name, Integer expiresInDays, String username) {
    }

    public void create(Context ctx, Principal principal) {
        boolean hasBody = ctx.req().getContentLengthLong() != 0;
        CreateToken body = hasBody ? json.read(ctx, CreateToken.class, "{\"name\": \"laptop\", \"expires_in_days\": 90}")
                : new CreateToken(null, null, null);
        AuthService.IssuedToken issued = auth.issueToken(principal, body.username(), body.name(), body.expiresInDays());
        ctx.status(201).json(new IssuedTokenDto(issued.secret(), issued.token().id(), issued.token().name(),
                issued.user().username(), issued.token().createdAt(), issued.token().expiresAt()));
    }

    public void list(Context ctx, Principal principal) {
        List<TokenDto> tokens = auth.listTokens(principal, ctx.queryParam("username")).stream().map(TokenDto::of).toList();
        ctx.json(Map.of("tokens", tokens));
    }

    public void revoke(Context ctx, Principal principal) {
        long id = Params.id("Token", ctx.pathParam("id"));
        ctx.json(TokenDto.of(auth.revokeToken(principal, id)));
    }
}
