/** Progress reporting: a live bar on a terminal, plain periodic lines otherwise, events under a runner. */
package org.l2o.progress;
