/** Environment capture (JDK, OS, CPU, memory, TF, devices, git) and compute-device selection. */
package org.l2o.env;
