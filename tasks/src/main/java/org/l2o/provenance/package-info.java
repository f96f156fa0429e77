/** Provenance: the tool's content-derived version, and the record each task writes beside its outputs. */
package org.l2o.provenance;
