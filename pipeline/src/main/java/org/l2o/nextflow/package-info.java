/** The Nextflow exporter: generates main.nf, modules, config and schema from the Java pipeline declaration. */
package org.l2o.nextflow;
