/** The pipeline's params: one typed, validated schema shared by every stage and both runners. */
package org.l2o.params;
