/** The contract between the runners (the Java runner, Nextflow) and a stage process. */
package org.l2o.protocol;
