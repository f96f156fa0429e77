/**
 * The paper authors' released trained optimizers: their pinned files ({@link
 * org.l2o.authors.AuthorsModel}), a pickle reader that resolves only numpy's and dill's
 * reconstructors, and the import into this project's trained-optimizer format.
 */
package org.l2o.authors;
