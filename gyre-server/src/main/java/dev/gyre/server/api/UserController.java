package dev.gyre.server.api;

import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Permission;
import dev.gyre.core.auth.User;
import dev.gyre.server.auth.AuthService;
import dev.gyre.server.auth.Principal;
import dev.gyre.server.http.JsonBodies;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Users: who am I, list, create, change. */
public final class UserController {

    private final AuthService auth;
    private final JsonBodies json;

    public UserController(AuthService auth, JsonBodies json) {
        this.auth = auth;
        this.json = json;
    }

    /** A user as the API shows it. */
    public record UserDto(long id, String username, String role, Instant createdAt, boolean disabled) {
        static UserDto of(User user) {
            return new UserDto(user.id(), user.username(), user.role().wireName(), user.createdAt(), user.disabled());
        }
    }

    /** Body of POST /api/v1/users. */
    public record CreateUser(String username, String role, String password) {
    }

    /** Body of PATCH /api/v1/users/{username}. */
    public record UpdateUser(String role, String password, Boolean disabled) {
    }

    public void whoami(Context ctx, Principal principal) {
        ctx.json(UserDto.of(principal.user()));
    }

    public void list(Context ctx, Principal principal) {
        List<UserDto> users = auth.listUsers().stream().map(UserDto::of).toList();
        ctx.json(Map.of("users", users));
    }

    public void get(Context ctx, Principal principal) {
        String name = ctx.pathParam("username");
        if (!principal.user().username().equalsIgnoreCase(name.trim()) && !principal.may(Permission.MANAGE_USERS)) {
            throw new GyreException.PermissionDenied("Only an admin may look at other users; 'gyre whoami' shows yourself.");
        }
        ctx.json(UserDto.of(auth.user(name)));
    }

    public void create(Context ctx, Principal principal) {
        CreateUser body = json.read(ctx, CreateUser.class, "{\"username\": \"ann\", \"role\": \"data-scientist\"}");
        ctx.status(201).json(UserDto.of(auth.createUser(body.username(), body.role(), body.password())));
    }

    public void update(Context ctx, Principal principal) {
        UpdateUser body = json.read(ctx, UpdateUser.class, "{\"role\": \"ml-engineer\"}");
        ctx.json(UserDto.of(auth.updateUser(ctx.pathParam("username"), body.role(), body.password(), body.disabled())));
    }
}
