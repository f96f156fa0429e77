/**
 * The meta-training loop's parts: the built graph programs, episodes of both kinds, validation,
 * and L2O-Scale's episode data (fresh objective subsets per unroll).
 */
package org.l2o.engine.training;
