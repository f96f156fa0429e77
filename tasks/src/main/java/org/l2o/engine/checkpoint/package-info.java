/** Training checkpoints: the meta-trainer's whole state at an episode boundary, on disk. */
package org.l2o.engine.checkpoint;
