package dev.gyre.core.auth;

import dev.gyre.core.GyreException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Platform roles. A user has exactly one platform role; later, projects add per-project roles of
 * the same names. What each role may do is the set of {@link Permission}s it grants, declared here
 * and nowhere else.
 */
public enum Role {
    ADMIN("admin", EnumSet.allOf(Permission.class)),
    DATA_SCIENTIST("data-scientist", EnumSet.of(Permission.SELF, Permission.READ, Permission.WRITE_TRACKING,
            Permission.WRITE_DATA, Permission.WRITE_ARTIFACTS, Permission.LABEL)),
    DATA_ENGINEER("data-engineer", EnumSet.of(Permission.SELF, Permission.READ, Permission.WRITE_DATA,
            Permission.WRITE_ARTIFACTS)),
    SME("sme", EnumSet.of(Permission.SELF, Permission.READ, Permission.LABEL)),
    ML_ENGINEER("ml-engineer", EnumSet.of(Permission.SELF, Permission.READ, Permission.WRITE_TRACKING,
            Permission.WRITE_ARTIFACTS, Permission.DEPLOY)),
    OPS("ops", EnumSet.of(Permission.SELF, Permission.READ, Permission.DEPLOY, Permission.OPERATE)),
    VIEWER("viewer", EnumSet.of(Permission.SELF, Permission.READ));

    private final String wireName;
    private final Set<Permission> grants;

    Role(String wireName, Set<Permission> grants) {
        this.wireName = wireName;
        this.grants = Set.copyOf(grants);
    }

    /** The name used in JSON, the CLI and configuration, e.g. {@code data-scientist}. */
    public String wireName() {
        return wireName;
    }

    /** Whether this role grants the permission. */
    public boolean grants(Permission permission) {
        return permission == Permission.PUBLIC || grants.contains(permission);
    }

    /** Parses a wire name (case-insensitive, {@code _} accepted for {@code -}). */
    public static Role parse(String name) {
        if (name != null) {
            String wanted = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            for (Role role : values()) {
                if (role.wireName.equals(wanted)) {
                    return role;
                }
            }
        }
        throw new GyreException.InvalidArgument("Unknown role '" + name + "'. Use one of: " + names() + ".");
    }

    /** All wire names, comma separated, for error messages and help texts. */
    public static String names() {
        return Arrays.stream(values()).map(Role::wireName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
