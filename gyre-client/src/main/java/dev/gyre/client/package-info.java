/**
 * The Java client SDK of the Gyre platform.
 *
 * <p>{@link dev.gyre.client.GyreClient} is the entry point: it speaks Gyre's HTTP API and returns
 * plain records ({@link dev.gyre.client.User}, {@link dev.gyre.client.TokenInfo},
 * {@link dev.gyre.client.ArtifactInfo}, …). Every failure is a
 * {@link dev.gyre.client.GyreClientException} whose message is written for people and says how to
 * fix the problem. The {@code gyre} command is built on this package, so anything the command can
 * do, JVM code and notebooks can do too.
 */
package dev.gyre.client;
