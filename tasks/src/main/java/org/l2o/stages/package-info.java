/** The stages: thin adapters that read declared inputs and params, call the engine, write outputs. */
package org.l2o.stages;
