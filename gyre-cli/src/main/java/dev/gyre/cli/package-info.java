/**
 * The {@code gyre} command: runs the platform ({@code gyre server}) and talks to it through
 * {@link dev.gyre.client.GyreClient}. {@link dev.gyre.cli.Main} is the entry point.
 */
package dev.gyre.cli;
