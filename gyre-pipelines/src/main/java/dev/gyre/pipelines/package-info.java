/**
 * The closed loop (stage 8 of the design: the lifecycle as one pipeline): pipeline specs, checkpoint conditions
 * and the run state machine that executes steps, reuses unchanged ones and follows the checkpoints' decisions.
 */
package dev.gyre.pipelines;
