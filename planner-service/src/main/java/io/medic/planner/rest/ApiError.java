package io.medic.planner.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The body of every error the approval API answers: the status and one sentence saying why. */
public record ApiError(int status, String error) {

    static Response response(Response.Status status, String error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiError(status.getStatusCode(),
                error)).build();
    }

    static Response response(int status, String error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiError(status, error)).build();
    }
}
