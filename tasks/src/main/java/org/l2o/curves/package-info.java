/** The on-disk format of per-seed, per-step optimizee loss curves, shared by evaluate and plot. */
package org.l2o.curves;
