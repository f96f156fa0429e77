/** The optimizees: MLPs, conv nets and the quadratic, as losses over a flat parameter vector. */
package org.l2o.engine.problem;
