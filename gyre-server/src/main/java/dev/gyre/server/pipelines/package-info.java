/**
 * The closed loop on the platform: pipeline runs kept in the metadata store ({@link
 * dev.gyre.server.pipelines.JdbcRunStore}). The routes, the stage handlers and the triggers come next.
 */
package dev.gyre.server.pipelines;
