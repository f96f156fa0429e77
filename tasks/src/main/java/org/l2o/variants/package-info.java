/**
 * Every optimizer the pipeline knows by name, in one registry: the variants it trains, the Fig A1
 * settings, the untrained L2O-DM, the paper authors' released models and the analytical optimizers.
 */
package org.l2o.variants;
