package dev.gyre.pipelines;

import dev.gyre.core.auth.Role;
import dev.gyre.pipelines.internal.Canonical;
import java.util.Map;
import java.util.Objects;

/** What a run does when a checkpoint's condition does not hold. */
public sealed interface OnFail permits OnFail.Stop, OnFail.Goto, OnFail.AwaitApproval {

    /** The run ends with {@link RunStatus#FAILED_CHECKPOINT}. */
    record Stop() implements OnFail {
    }

    /**
     * The run goes back to step {@code target} (at or before the checkpoint's step) with {@code set} merged into
     * that step's parameters, counting one more iteration.
     *
     * @param target the id of the step to run again
     * @param set    parameters to change on the target step; every key already exists in its params
     */
    record Goto(String target, Map<String, Object> set) implements OnFail {
        public Goto {
            Objects.requireNonNull(target, "target");
            set = Canonical.plainMap(set, "set");
        }
    }

    /**
     * The run waits, durably, until a member with {@code role} approves (the run continues) or rejects (the run
     * ends {@link RunStatus#REJECTED}).
     *
     * @param role the role that may decide, e.g. {@link Role#ML_ENGINEER}
     */
    record AwaitApproval(Role role) implements OnFail {
        public AwaitApproval {
            Objects.requireNonNull(role, "role");
        }
    }
}
