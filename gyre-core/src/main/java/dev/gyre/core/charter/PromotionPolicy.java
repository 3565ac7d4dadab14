package dev.gyre.core.charter;

import dev.gyre.core.auth.Role;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How a model version becomes the one in production.
 *
 * @param productionAlias the registry alias that serving treats as production; letters, digits, {@code _} and
 *                        {@code -}, at most 255 characters, not {@code latest} nor {@code v<number>}; default
 *                        {@code production}
 * @param approverRoles   the per-project roles whose members may approve moving that alias, at least one,
 *                        in declaration order of {@link Role}; default {@code ml-engineer, ops}
 */
public record PromotionPolicy(String productionAlias, List<Role> approverRoles) {

    /** Allowed shape of an alias. */
    public static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9_-]{1,255}");

    /** The policy used when a charter says nothing about promotion. */
    public static final PromotionPolicy DEFAULTS = new PromotionPolicy("production", List.of(Role.ML_ENGINEER, Role.OPS));

    public PromotionPolicy {
        if (productionAlias == null || productionAlias.isBlank()) {
            throw Checks.invalid("production alias must not be empty; the usual one is 'production'");
        }
        if (!ALIAS.matcher(productionAlias).matches()) {
            throw Checks.invalid("production alias '" + productionAlias + "' may only contain letters, digits,"
                    + " '_' and '-' (at most 255 characters)");
        }
        if (productionAlias.equalsIgnoreCase("latest") || productionAlias.matches("[vV][0-9]+")) {
            throw Checks.invalid("production alias '" + productionAlias + "' is reserved by the model registry;"
                    + " choose another name such as 'production'");
        }
        if (approverRoles == null || approverRoles.isEmpty()) {
            throw Checks.invalid("promotion needs at least one approver role; use any of: " + Role.names());
        }
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        for (Role role : approverRoles) {
            if (role == null) {
                throw Checks.invalid("approver roles must not contain an empty role; use any of: " + Role.names());
            }
            roles.add(role);
        }
        approverRoles = List.copyOf(roles);
    }

    /** Whether members with this per-project role may approve a promotion. */
    public boolean mayApprove(Role role) {
        return approverRoles.contains(role);
    }
}
