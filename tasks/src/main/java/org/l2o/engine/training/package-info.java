/** The meta-training loop's parts: the built graph programs, episodes of both kinds, validation. */
package org.l2o.engine.training;
