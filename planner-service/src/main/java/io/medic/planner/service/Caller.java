package io.medic.planner.service;

/** Who calls the approval API: the token's subject and role. An approver may also view. */
public record Caller(String subject, Role role) {

    public enum Role {
        VIEWER,
        APPROVER
    }

    public boolean mayDecide() {
        return role == Role.APPROVER;
    }
}
