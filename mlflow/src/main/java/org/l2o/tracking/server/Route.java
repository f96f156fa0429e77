package org.l2o.tracking.server;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/** One endpoint relative to an API prefix; the server mounts it under every prefix MLflow uses. */
record Route(HandlerType method, String path, Handler handler) {}
