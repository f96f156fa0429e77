/** The {@code l2o} command line (Picocli): run, stage, log, env, mlflow-server, export-nextflow, bench. */
package org.l2o.cli;
